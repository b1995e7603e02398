using Engram.Experiments;
using Engram.Reporting;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// What <c>run</c> does once training finished: writes the run folder (results.json first, then CSV files, figures,
/// report.md, TensorBoard events) and prints the tables and the files written.
/// </summary>
internal static class RunOutputs
{
    /// <summary>Writes and prints; returns <see cref="ExitCodes.Success"/>, or <see cref="ExitCodes.RunFailed"/> when a file cannot be written.</summary>
    public static int Complete(IAnsiConsole console, ExperimentResult result, string runFolder)
    {
        RunRecord record = ResultsFile.FromResult(result);
        ResultTables.Write(console, record);
        string results;
        try
        {
            results = ResultsFile.Write(record, runFolder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]Could not write results.json:[/] {Markup.Escape(error.Message)}");
            return ExitCodes.RunFailed;
        }

        try
        {
            IReadOnlyList<string> written = RunReport.Render(record, runFolder);
            WriteFiles(console, runFolder, [results, .. written]);
            return ExitCodes.Success;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException or TypeInitializationException or DllNotFoundException)
        {
            console.MarkupLine($"[red]Wrote {Markup.Escape(results)}, but not the report:[/] {Markup.Escape(error.Message)}");
            console.MarkupLine($"Retry with: report {Markup.Escape(runFolder)}");
            return ExitCodes.RunFailed;
        }
    }

    /// <summary>Prints "Wrote &lt;folder&gt;: a, b, c".</summary>
    public static void WriteFiles(IAnsiConsole console, string folder, IEnumerable<string> paths) =>
        console.MarkupLine($"Wrote {Markup.Escape(folder)}: {Markup.Escape(string.Join(", ", paths.Select(p => Path.GetRelativePath(folder, p))))}");
}
