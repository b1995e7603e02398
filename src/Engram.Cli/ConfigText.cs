using System.Collections;
using System.Globalization;

namespace Engram.Cli;

/// <summary>Renders a generated <c>Spec</c> record as one line of <c>Name=value</c> pairs.</summary>
internal static class ConfigText
{
    public static string Describe(object spec) => string.Join(", ", Settings(spec).Select(s => $"{s.Name}={s.Value}"));

    /// <summary>The settings of <paramref name="actual"/> that differ from <paramref name="declared"/>, as <c>Name=value</c>.</summary>
    public static IReadOnlyList<string> Changes(object declared, object actual)
    {
        if (declared.GetType() != actual.GetType())
            return [];
        Dictionary<string, string> before = Settings(declared).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        return Settings(actual)
            .Where(s => !string.Equals(before[s.Name], s.Value, StringComparison.Ordinal))
            .Select(s => $"{s.Name}={s.Value}")
            .ToArray();
    }

    private static IEnumerable<(string Name, string Value)> Settings(object spec) => spec.GetType().GetProperties()
        .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
        .Select(p => (p.Name, Format(p.GetValue(spec))));

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
