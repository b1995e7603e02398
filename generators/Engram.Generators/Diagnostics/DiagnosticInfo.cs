using System.Linq;
using Engram.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Engram.Generators.Diagnostics;

/// <summary>
/// An equatable diagnostic waiting to be reported: descriptor, location and message arguments, carried through the
/// incremental pipeline separately from the models the code is emitted from, so that a diagnostic change (or a
/// location shifting) does not re-emit code.
/// </summary>
/// <param name="Descriptor">The ENGxxxx descriptor.</param>
/// <param name="Location">Where it is reported.</param>
/// <param name="Arguments">Preformatted message arguments.</param>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo Location, EquatableArray<string> Arguments)
{
    /// <summary>Creates a diagnostic of <paramref name="descriptor"/> at <paramref name="location"/>.</summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments));

    /// <summary>The diagnostic to report.</summary>
    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location.ToLocation(), Arguments.Cast<object>().ToArray());
}
