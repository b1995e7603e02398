using System.Collections;
using System.Globalization;

namespace Engram.Cli;

/// <summary>Renders a generated <c>Spec</c> record as one line of <c>Name=value</c> pairs.</summary>
internal static class ConfigText
{
    public static string Describe(object spec) => string.Join(", ", spec.GetType().GetProperties()
        .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
        .Select(p => $"{p.Name}={Format(p.GetValue(spec))}"));

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
