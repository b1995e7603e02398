using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Engram.Generators.Tests;

/// <summary>
/// docs/diagnostics.md stays true: every section's bad example reports exactly its id with the documented message,
/// and its good example reports nothing and compiles.
/// </summary>
public sealed partial class DocumentationTests
{
    public static TheoryData<string> Ids()
    {
        var ids = new TheoryData<string>();
        foreach (Section section in Sections())
            ids.Add(section.Id);
        return ids;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheBadExampleReportsTheDocumentedMessage(string id)
    {
        Section section = Sections().Single(s => s.Id == id);

        GeneratorRun run = GeneratorHarness.Run(Example(section.Bad));

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(section.Message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheGoodExampleReportsNothingAndCompiles(string id)
    {
        Section section = Sections().Single(s => s.Id == id);

        GeneratorRun run = GeneratorHarness.Run(Example(section.Good));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>An example as a file: <c>using Engram.Dsl;</c>, then <c>namespace Lab;</c> unless it declares namespaces itself.</summary>
    private static string Example(string code) =>
        "using Engram.Dsl;\n\n" + (code.Contains("namespace ", StringComparison.Ordinal) ? "" : "namespace Lab;\n\n") + code;

    private sealed record Section(string Id, string Message, string Bad, string Good);

    private static IEnumerable<Section> Sections([CallerFilePath] string thisFile = "")
    {
        string text = File.ReadAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "docs", "diagnostics.md"));
        foreach (Match match in SectionPattern().Matches(text))
        {
            string code = match.Groups["code"].Value;
            int good = code.IndexOf("// Good", StringComparison.Ordinal);
            yield return new Section(match.Groups["id"].Value, match.Groups["message"].Value, code[..good], code[good..]);
        }
    }

    [GeneratedRegex(@"^## (?<id>ENG\d{4}):.*?^Message: `(?<message>[^`]+)`.*?^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SectionPattern();
}
