using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Generators.Diagnostics;

/// <summary>
/// An equatable stand-in for a <see cref="Location"/> in source (which holds its syntax tree and so must not live in
/// an incremental model): the file path and both spans, enough to recreate the location when reporting.
/// </summary>
/// <param name="FilePath">Path of the syntax tree.</param>
/// <param name="TextSpan">Character span in the file.</param>
/// <param name="LineSpan">Line and column span in the file.</param>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    /// <summary>No location (e.g. a type read from a referenced assembly).</summary>
    public static LocationInfo None { get; } = new("", default, default);

    /// <summary>The location to report.</summary>
    public Location ToLocation() => FilePath.Length == 0 ? Location.None : Location.Create(FilePath, TextSpan, LineSpan);

    /// <summary>The location of <paramref name="node"/>.</summary>
    public static LocationInfo From(SyntaxNode node) => From(node.GetLocation());

    /// <summary>The location of <paramref name="token"/>.</summary>
    public static LocationInfo From(SyntaxToken token) => From(token.GetLocation());

    /// <summary>The equatable form of a source location.</summary>
    public static LocationInfo From(Location location)
    {
        FileLinePositionSpan lineSpan = location.GetLineSpan();
        return new LocationInfo(lineSpan.Path ?? "", location.SourceSpan, lineSpan.Span);
    }
}
