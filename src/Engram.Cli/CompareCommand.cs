using System.CommandLine;
using System.Globalization;
using Engram.Reporting;
using Spectre.Console;

namespace Engram.Cli;

/// <summary><c>compare &lt;run folders...&gt;</c>: side-by-side metrics of runs and an overlay figure.</summary>
internal static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var folders = new Argument<DirectoryInfo[]>("run-folders")
        {
            Description = "Two or more run folders (each holds results.json).",
            Arity = new ArgumentArity(2, 100),
        };
        var output = new Option<DirectoryInfo?>("--output", "-o")
        {
            Description = "Folder for compare.md and compare.png (default: runs/compare/<UTC time>).",
        };
        var command = new Command("compare", "Compare runs: a side-by-side table of their metrics and configuration differences, and an overlay figure (compare.md, compare.png). " +
                                             "Runs made at different libtorch thread counts, with different seeds, on different data or on different tasks are named in a warning.")
        {
            folders, output,
        };
        command.SetAction(parsed =>
        {
            var runs = new List<(string, RunRecord)>();
            foreach (DirectoryInfo folder in parsed.GetValue(folders)!)
            {
                try
                {
                    runs.Add((folder.FullName, ResultsFile.Read(folder.FullName)));
                }
                catch (ResultsFileException error)
                {
                    console.MarkupLine($"[red]Cannot compare:[/] {Markup.Escape(error.Message)}");
                    return ExitCodes.InvalidResults;
                }
            }

            IReadOnlyList<ComparedRun> compared = Comparison.Label(runs);
            Print(console, compared);
            foreach (string warning in Comparison.Warnings(compared))
                console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(warning)}.");
            string target = parsed.GetValue(output)?.FullName
                ?? Path.GetFullPath(Path.Combine("runs", "compare", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            return RunOutputs.TryWriteFiles(console, "Compare", target, () => Comparison.Write(compared, target));
        });
        return command;
    }

    private static void Print(IAnsiConsole console, IReadOnlyList<ComparedRun> runs)
    {
        var table = new Table().Title("Comparison").AddColumn("metric");
        foreach (ComparedRun run in runs)
            table.AddColumn(new TableColumn(CellText.Of(run.Label)).RightAligned());
        foreach ((string metric, IReadOnlyList<string> values) in Comparison.MetricRows(runs))
            table.AddRow([CellText.Of(metric), .. values.Select(CellText.Of)]);
        console.Write(table);

        IReadOnlyList<(string Setting, IReadOnlyList<string> Values)> differences = Comparison.ConfigDifferences(runs);
        if (differences.Count == 0)
            return;
        var config = new Table().Title("Configuration differences").AddColumn("setting");
        foreach (ComparedRun run in runs)
            config.AddColumn(new TableColumn(CellText.Of(run.Label)).RightAligned());
        foreach ((string setting, IReadOnlyList<string> values) in differences)
            config.AddRow([CellText.Of(setting), .. values.Select(CellText.Of)]);
        console.Write(config);
    }
}
