using System.CommandLine;
using Engram.Reporting;
using Spectre.Console;

namespace Engram.Cli;

/// <summary><c>report &lt;run folder&gt;</c>: re-renders a run folder's report, CSV files, figures and TensorBoard events from its results.json.</summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var folder = new Argument<DirectoryInfo>("run-folder") { Description = "A run folder (it holds results.json), e.g. runs/PermutedMnistEwc/20260101-120000." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print the tables, only the files written." };
        var command = new Command("report", "Re-render report.md, metrics.csv, curves.csv, the PNG figures and the TensorBoard events of a run folder from its results.json.")
        {
            folder, quiet,
        };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(folder)!.FullName;
            RunRecord record;
            try
            {
                record = ResultsFile.Read(path);
            }
            catch (ResultsFileException error)
            {
                console.MarkupLine($"[red]Cannot report:[/] {Markup.Escape(error.Message)}");
                if (File.Exists(Path.Combine(path, StoppedRunFile.FileName)))
                {
                    // A run that stopped early: say what it has and how to finish it.
                    string resume = Directory.Exists(Path.Combine(path, Engram.Training.Checkpoint.FolderName))
                        ? $"; `run --resume {path}` continues it"
                        : "";
                    console.MarkupLine(Markup.Escape($"The run stopped before its last task: {StoppedRunFile.FileName} holds why and the finished tasks{resume}."));
                }

                return ExitCodes.InvalidResults;
            }

            if (!parsed.GetValue(quiet))
            {
                console.MarkupLine($"[bold]{Markup.Escape(record.Experiment)}[/] ({Markup.Escape(path)})");
                ResultTables.Write(console, record);
            }

            return RunOutputs.TryWriteFiles(console, "Report", path, () => RunReport.Render(record, path));
        });
        return command;
    }
}
