using Engram.Experiments;
using Engram.Reporting;
using Engram.Training;
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

    /// <summary>
    /// After a run stopped early (diverged, interrupted): prints the finished tasks' rows and writes
    /// partial-results.json (why and where it stopped, the rows, curves and timings so far).
    /// </summary>
    public static void Stopped(IAnsiConsole console, RunStoppedException stop, string status, string runFolder, string? resume)
    {
        if (stop.Partial is { } partial && partial.Accuracy.CompletedRows > 0)
        {
            RunRecord record = ResultsFile.FromResult(partial);
            MetricFormat f = record.Format;
            var table = new Table()
                .Title(Markup.Escape($"Finished tasks: {(f.IsAccuracy ? "accuracy" : "test MSE")} R[i, j] ({record.AccuracyMatrix.Count} of {Counts.Of(record.Tasks, "row")})"))
                .AddColumn("trained through");
            for (int j = 0; j < record.Tasks; j++)
                table.AddColumn(new TableColumn($"task {j}").RightAligned());
            for (int i = 0; i < record.AccuracyMatrix.Count; i++)
                table.AddRow([$"task {i}", .. record.AccuracyMatrix[i].Select(f.Value)]);
            console.Write(table);
        }

        var record2 = new StopRecord(status, stop.Message, stop.Task, stop.Epoch, stop.Step, stop.CompletedTasks, stop.Checkpoint, resume);
        try
        {
            string path = StoppedRunFile.Write(stop.Partial, record2, runFolder);
            WriteFiles(console, runFolder, [path, .. stop.Checkpoint is null ? Array.Empty<string>() : [stop.Checkpoint]]);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]Could not write {StoppedRunFile.FileName}:[/] {Markup.Escape(error.Message)}" +
                               (stop.Checkpoint is null ? "" : $"; the checkpoint {Markup.Escape(stop.Checkpoint)} still holds the finished tasks."));
        }
    }

    /// <summary>
    /// After results.json of a complete run is written: removes the checkpoint and any partial-results.json of an
    /// earlier stop (the complete results replace them).
    /// </summary>
    public static void RemoveCheckpoint(string runFolder)
    {
        try
        {
            string checkpoint = Path.Combine(runFolder, Checkpoint.FolderName);
            if (Directory.Exists(checkpoint))
                Directory.Delete(checkpoint, recursive: true);
            File.Delete(Path.Combine(runFolder, StoppedRunFile.FileName));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Prints "Wrote &lt;folder&gt;: a, b, c".</summary>
    public static void WriteFiles(IAnsiConsole console, string folder, IEnumerable<string> paths) =>
        console.MarkupLine($"Wrote {Markup.Escape(folder)}: {Markup.Escape(string.Join(", ", paths.Select(p => Path.GetRelativePath(folder, p))))}");

    /// <summary>
    /// Runs <paramref name="write"/> (which renders files into <paramref name="folder"/>) and prints what it wrote;
    /// a file-system or rendering failure is one line, "<paramref name="what"/> failed: ...", and exit code 4.
    /// </summary>
    public static int TryWriteFiles(IAnsiConsole console, string what, string folder, Func<IReadOnlyList<string>> write)
    {
        try
        {
            WriteFiles(console, folder, write());
            return ExitCodes.Success;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            console.MarkupLine($"[red]{Markup.Escape(what)} failed:[/] {Markup.Escape(error.Message)}");
            return ExitCodes.RunFailed;
        }
    }
}
