using System.CommandLine;
using Engram.Data;
using Engram.Experiments;
using Engram.Reporting;
using Spectre.Console;

namespace Engram.Cli;

/// <summary><c>run &lt;experiment&gt;</c>: trains, shows progress, prints the matrix and metrics, writes the run folder.</summary>
internal static class RunCommand
{
    public static Command Create(IReadOnlyList<ExperimentDescriptor> catalog, IAnsiConsole console)
    {
        var name = new Argument<string>("experiment") { Description = "Name of the experiment (see `list`)." };
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "Directory with IDX files in the MNIST layout (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], " +
                          "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), e.g. /usr/share/datasets/fashion-mnist. " +
                          "Default: the MNIST digits embedded with Engram.",
        };
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder under which the run folder <experiment>/<time> is created.",
            DefaultValueFactory = _ => new DirectoryInfo("runs"),
        };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: libtorch's, one per physical core)." };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--threads must be at least 1.");
        });

        var command = new Command("run", "Train an experiment, print its accuracy matrix, ACC and BWT, and write results.json.")
        {
            name, data, output, threads,
        };
        var overrides = new Overrides();
        overrides.AddTo(command);
        command.SetAction(parsed =>
        {
            string wanted = parsed.GetValue(name)!;
            ExperimentDescriptor? experiment = catalog.FirstOrDefault(e => string.Equals(e.Name, wanted, StringComparison.Ordinal));
            if (experiment is null)
            {
                console.MarkupLine($"[red]No experiment named '{Markup.Escape(wanted)}'.[/] Known: {Markup.Escape(string.Join(", ", catalog.Select(e => e.Name)))}.");
                return ExitCodes.UnknownExperiment;
            }

            // Size and overrides are checked before anything trains, by the rules of the compile-time diagnostics.
            if (overrides.Configure(experiment, parsed, console) is not { } configured)
                return Overrides.RefusedExitCode;

            return Execute(configured, parsed.GetValue(data)?.FullName, parsed.GetValue(output)!.FullName, parsed.GetValue(threads), console);
        });
        return command;
    }

    private static int Execute(ExperimentDescriptor experiment, string? dataDirectory, string outputRoot, int? threads, IAnsiConsole console)
    {
        string runFolder = RunFolder.Create(outputRoot, experiment.Name);
        console.MarkupLine($"[bold]{Markup.Escape(experiment.Name)}[/]: {Markup.Escape(experiment.Description)}");
        console.MarkupLine($"Data: {Markup.Escape(dataDirectory ?? "embedded MNIST digits")}; results: {Markup.Escape(runFolder)}");
        try
        {
            ExperimentResult result = ProgressDisplay.Run(console, observer =>
                experiment.Run(new RunContext { DataDirectory = dataDirectory, Threads = threads, Observer = observer }));
            string path = ResultsFile.Write(result, runFolder);
            ResultTables.Write(console, result);
            console.MarkupLine($"Wrote {Markup.Escape(path)}");
            return ClaimReport.Write(console, result);
        }
        catch (IdxFormatException error)
        {
            console.MarkupLine($"[red]Data error:[/] {Markup.Escape(error.Message)}");
            return ExitCodes.DataError;
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]Run failed:[/] {Markup.Escape(error.Message)}");
            return ExitCodes.RunFailed;
        }
    }
}
