using System.CommandLine;
using Engram.Data;
using Engram.Experiments;
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

        var curveEvery = new Option<int?>("--curve-every")
        {
            Description = "Learning curves: evaluate every task's test set every N optimizer steps (0: only at task boundaries; " +
                          "default: five points per task).",
        };
        curveEvery.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
                result.AddError("--curve-every must be at least 0.");
        });

        var curveSamples = new Option<int?>("--curve-samples")
        {
            Description = $"Learning curves: test samples per task scored at the points inside a task, a fixed random subset " +
                          $"(0: whole test sets; default: {Engram.Training.ContinualRun.DefaultCurveSamples}). Task ends always use whole test sets.",
        };
        curveSamples.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
                result.AddError("--curve-samples must be at least 0.");
        });

        var command = new Command("run", "Train an experiment with live progress, print its accuracy matrix and metrics, and write its run folder " +
                                         "(results.json, metrics.csv, curves.csv, report.md, PNG figures, TensorBoard events).")
        {
            name, data, output, threads, curveEvery, curveSamples,
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

            return Execute(configured, parsed.GetValue(data)?.FullName, parsed.GetValue(output)!.FullName, parsed.GetValue(threads), parsed.GetValue(curveEvery), parsed.GetValue(curveSamples), console);
        });
        return command;
    }

    private static int Execute(ExperimentDescriptor experiment, string? dataDirectory, string outputRoot, int? threads, int? curveEvery, int? curveSamples, IAnsiConsole console)
    {
        string runFolder = RunFolder.Create(outputRoot, experiment.Name);
        console.MarkupLine($"[bold]{Markup.Escape(experiment.Name)}[/]: {Markup.Escape(experiment.Description)}");
        console.MarkupLine($"Data: {Markup.Escape(dataDirectory ?? "embedded MNIST digits")}; results: {Markup.Escape(runFolder)}");
        try
        {
            ExperimentResult result = ProgressDisplay.Run(console, observer =>
                experiment.Run(new RunContext { DataDirectory = dataDirectory, Threads = threads, CurveEvery = curveEvery, CurveSamples = curveSamples, Observer = observer }));
            int written = RunOutputs.Complete(console, result, runFolder);
            int claims = ClaimReport.Write(console, result);
            return written != ExitCodes.Success ? written : claims;
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
