using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Engram.Data;
using Engram.Experiments;
using Engram.Reporting;
using Engram.Training;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// <c>run &lt;experiment&gt;</c>: trains, shows progress, prints the matrix and metrics, writes the run folder.
/// <c>run --resume &lt;run folder&gt;</c>: continues a stopped run from its checkpoint.
/// </summary>
/// <remarks>
/// Before anything trains: overrides are checked by the compile-time rules (exit 5), <c>--threads</c> is bounded, and
/// the run folder is claimed, written to and its free space checked (exit 9). While training, the first Ctrl-C or
/// SIGTERM finishes the step, writes a checkpoint and exits 130/143; a checkpoint is also written after every task, so
/// a killed process loses at most the task under way. A diverging task stops the run (exit 8) keeping the finished
/// tasks. Every stop writes <c>partial-results.json</c>.
/// </remarks>
internal static class RunCommand
{
    public static Command Create(IReadOnlyList<ExperimentDescriptor> catalog, IAnsiConsole console, Option<bool> verbose, LaunchCommand launch)
    {
        var name = new Argument<string?>("experiment") { Description = "Name of the experiment (see `list`).", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "Directory with IDX files in the MNIST layout (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], " +
                          "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), e.g. /usr/share/datasets/fashion-mnist. " +
                          "Default: the MNIST digits embedded with Engram. Refused for experiments that read no data set " +
                          "(curve regression generates its tasks).",
        };
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder under which the run folder <experiment>/<time> is created.",
            DefaultValueFactory = _ => new DirectoryInfo("runs"),
        };
        var threads = new Option<int?>("--threads")
        {
            Description = $"libtorch intra-op threads, 1 to {TorchThreads.PerProcessor} per logical processor ({TorchThreads.Max} here; " +
                          "default: libtorch's, one per physical core).",
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int value && TorchThreads.Check(value) is string problem)
                result.AddError(problem + ".");
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
                          $"(0: whole test sets; default: {ContinualRun.DefaultCurveSamples}). Task ends always use whole test sets.",
        };
        curveSamples.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
                result.AddError("--curve-samples must be at least 0.");
        });

        var resume = new Option<DirectoryInfo?>("--resume")
        {
            Description = "Continue a stopped run (Ctrl-C, SIGTERM, a killed process) from the checkpoint in its run folder, " +
                          "e.g. runs/PermutedMnistEwc/20260101-120000, with the options it was started with; the result equals an " +
                          "uninterrupted run's at the same thread count. Only --threads and --data (data moved) may be given with it.",
        };

        var command = new Command("run", "Train an experiment with live progress, print its accuracy matrix and metrics, and write its run folder " +
                                         "(results.json, metrics.csv, curves.csv, report.md, PNG figures, TensorBoard events).")
        {
            name, data, output, threads, curveEvery, curveSamples, resume,
        };
        var overrides = new Overrides();
        overrides.AddTo(command);
        var options = new RunOptions(name, data, output, threads, curveEvery, curveSamples);
        command.SetAction(parsed =>
        {
            bool isVerbose = parsed.GetValue(verbose);
            if (parsed.GetValue(resume) is { } folder)
                return Resume(command, catalog, console, overrides, options, parsed, folder.FullName, isVerbose, launch);

            string? wanted = parsed.GetValue(name);
            if (wanted is null)
            {
                console.MarkupLine("[red]Name an experiment[/] (see `list`), or continue a stopped run with --resume <run folder>.");
                return ExitCodes.Usage;
            }

            ExperimentDescriptor? experiment = Find(catalog, wanted, console);
            if (experiment is null)
                return ExitCodes.UnknownExperiment;

            // Size and overrides are checked before anything trains, by the rules of the compile-time diagnostics; a
            // --data that the experiment would not read is refused with them rather than silently ignored.
            string[] otherErrors = DataProblem(experiment, parsed.GetValue(data)) is { } dataProblem ? [$"(--data {parsed.GetValue(data)}): {dataProblem}"] : [];
            if (overrides.Configure(experiment, parsed, console, otherErrors) is not { } configured)
                return ExitCodes.Refused;

            RunFolder runFolder;
            try
            {
                runFolder = RunFolder.Create(parsed.GetValue(output)!.FullName, new RunInvocation(experiment.Name, RunArguments(parsed), DateTimeOffset.UtcNow));
            }
            catch (OutputFolderException error)
            {
                ErrorReport.Write(console, "Output folder unusable", error, isVerbose, "Nothing was trained.");
                return ExitCodes.OutputUnusable;
            }

            return Execute(configured, runFolder, options.Settings(parsed), resume: null, console, isVerbose, launch);
        });
        return command;
    }

    private static int Resume(Command command, IReadOnlyList<ExperimentDescriptor> catalog, IAnsiConsole console, Overrides overrides,
        RunOptions options, ParseResult parsed, string folder, bool verbose, LaunchCommand launch)
    {
        // Only what cannot change the numbers' meaning may be given again: the thread count and where the data now is.
        string[] extra = parsed.CommandResult.Children.OfType<OptionResult>()
            .Where(o => !o.Implicit && o.Option.Name is not ("--resume" or "--threads" or "--data" or "--verbose"))
            .Select(o => o.Option.Name).ToArray();
        if (extra.Length > 0)
        {
            console.MarkupLine($"[red]--resume continues a run with the options it was started with;[/] drop {Markup.Escape(string.Join(", ", extra))}.");
            return ExitCodes.Usage;
        }

        RunInvocation invocation;
        try
        {
            invocation = RunFolder.ReadInvocation(folder);
        }
        catch (OutputFolderException error)
        {
            ErrorReport.Write(console, "Cannot resume", error, verbose);
            return ExitCodes.ResumeFailed;
        }

        if (parsed.GetValue(options.Name) is string named && named != invocation.Experiment)
        {
            console.MarkupLine($"[red]Cannot resume:[/] {Markup.Escape(folder)} is a run of {Markup.Escape(invocation.Experiment)}, not {Markup.Escape(named)}.");
            return ExitCodes.ResumeFailed;
        }

        ParseResult original = command.Parse(invocation.Arguments.ToArray());
        if (original.Errors.Count > 0)
        {
            console.MarkupLine($"[red]Cannot resume:[/] the recorded arguments ({Markup.Escape(string.Join(' ', invocation.Arguments))}) no longer parse: " +
                               Markup.Escape(string.Join("; ", original.Errors.Select(e => e.Message))));
            return ExitCodes.ResumeFailed;
        }

        ExperimentDescriptor? experiment = Find(catalog, invocation.Experiment, console);
        if (experiment is null)
            return ExitCodes.UnknownExperiment;
        if (DataProblem(experiment, parsed.GetValue(options.Data)) is { } dataProblem)
        {
            console.MarkupLine($"[red]Cannot use --data {Markup.Escape(parsed.GetValue(options.Data)!.ToString())}:[/] {Markup.Escape(dataProblem)}.");
            return ExitCodes.Usage;
        }
        if (overrides.Configure(experiment, original, console) is not { } configured)
        {
            console.MarkupLine($"[red]Cannot resume:[/] the options the run was started with are refused now ({Markup.Escape(string.Join(' ', invocation.Arguments))}).");
            return ExitCodes.ResumeFailed;
        }

        string checkpointDirectory = Path.Combine(folder, Checkpoint.FolderName);
        if (!Checkpoint.Exists(checkpointDirectory))
        {
            string why = File.Exists(Path.Combine(folder, ResultsFile.FileName))
                ? "the run finished (it has results.json); there is nothing to resume."
                : "it has no checkpoint: the run stopped before it finished its first task, so nothing was kept to continue from; start it again.";
            console.MarkupLine($"[red]Cannot resume {Markup.Escape(folder)}:[/] {Markup.Escape(why)}");
            return ExitCodes.ResumeFailed;
        }

        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Read(checkpointDirectory);
        }
        catch (CheckpointException error)
        {
            ErrorReport.Write(console, "Cannot resume", error, verbose);
            return ExitCodes.ResumeFailed;
        }

        using (checkpoint)
        {
            RunFolder runFolder;
            try
            {
                runFolder = RunFolder.Open(folder);
            }
            catch (OutputFolderException error)
            {
                ErrorReport.Write(console, "Cannot resume", error, verbose);
                return ExitCodes.OutputUnusable;
            }

            RunSettings settings = options.Settings(original);
            int? threads = parsed.GetValue(options.Threads);
            if (threads is int given && given != checkpoint.Manifest.Threads)
                console.MarkupLine($"[yellow]Note:[/] the run so far used {Counts.Of(checkpoint.Manifest.Threads, "thread")}; with {given} libtorch sums in another order, so the numbers may differ from an uninterrupted run in the last digits.");
            settings = settings with
            {
                Threads = threads ?? checkpoint.Manifest.Threads,
                DataDirectory = parsed.GetValue(options.Data)?.FullName ?? settings.DataDirectory,
            };
            string data = settings.DataDirectory ?? Engram.Data.MnistDataSet.EmbeddedDirectory;
            if (checkpoint.Manifest.DataSource.Length > 0 && Path.GetFullPath(checkpoint.Manifest.DataSource) != Path.GetFullPath(data))
                console.MarkupLine($"[yellow]Note:[/] the run so far read {Markup.Escape(checkpoint.Manifest.DataSource)}; it continues with {Markup.Escape(data)}, which must hold the same data set.");
            CheckpointPosition? position = checkpoint.Manifest.Position;
            string where = position is null
                ? $"{checkpoint.Manifest.CompletedTasks} of {Counts.Of(checkpoint.Manifest.Tasks, "task")} finished"
                : $"{checkpoint.Manifest.CompletedTasks} of {Counts.Of(checkpoint.Manifest.Tasks, "task")} finished, task {position.Task + 1} stopped after step {position.Step}";
            console.MarkupLine($"Resuming {Markup.Escape(experiment.Name)} from {Markup.Escape(checkpointDirectory)}: {Markup.Escape(where)} " +
                               $"(written {checkpoint.Manifest.WrittenUtc.ToString("u", CultureInfo.InvariantCulture)}, {Counts.Of(checkpoint.Manifest.Threads, "thread")}).");
            return Execute(configured, runFolder, settings, checkpoint, console, verbose, launch);
        }
    }

    private static int Execute(ExperimentDescriptor experiment, RunFolder runFolder, RunSettings settings, Checkpoint? resume, IAnsiConsole console, bool verbose,
        LaunchCommand launch)
    {
        console.MarkupLine($"[bold]{CellText.Of(experiment.Name)}[/]: {CellText.Of(experiment.Description)}");
        console.MarkupLine($"Data: {Markup.Escape(DataText(experiment, settings.DataDirectory))}; results: {Markup.Escape(runFolder.Path)}");
        using var signals = new StopSignals(console);
        var control = new RunControl
        {
            CheckpointDirectory = runFolder.CheckpointDirectory,
            Resume = resume,
            Stop = signals.Token,
            Warn = message => console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(message)}"),
        };
        ExperimentResult result;
        try
        {
            result = ProgressDisplay.Run(console, observer => experiment.Run(new RunContext
            {
                DataDirectory = settings.DataDirectory,
                Threads = settings.Threads,
                CurveEvery = settings.CurveEvery,
                CurveSamples = settings.CurveSamples,
                Control = control,
                Observer = observer,
            }));
        }
        catch (IdxFormatException error)
        {
            // The data set's message already says what a data directory must hold; it is not repeated here.
            ErrorReport.Write(console, "Data error", error, verbose);
            RemoveIfFresh(runFolder, resume);
            return ExitCodes.DataError;
        }
        catch (TrainingDivergedException error)
        {
            console.MarkupLine($"[red]Diverged:[/] {Markup.Escape(error.Message)}");
            RunOutputs.Stopped(console, error, "diverged", runFolder.Path, resume: null);
            runFolder.Dispose();
            return ExitCodes.Diverged;
        }
        catch (RunInterruptedException error)
        {
            IReadOnlyList<string> hint = error.Checkpoint is null ? [] : launch.Hint("run", "--resume", runFolder.Path);
            console.MarkupLine($"[yellow]Interrupted by {Markup.Escape(signals.Name)}:[/] {Markup.Escape(error.Message)}");
            RunOutputs.Stopped(console, error, "interrupted", runFolder.Path, hint.Count == 0 ? null : hint[0]);
            if (hint.Count == 0)
                console.MarkupLine("No task had finished, so there is nothing to resume; start the run again.");
            for (int i = 0; i < hint.Count; i++)
                console.MarkupLine((i == 0 ? "Resume with: " : "         or: ") + Markup.Escape(hint[i]));
            runFolder.Dispose();
            return signals.ExitCode;
        }
        catch (CheckpointException error)
        {
            ErrorReport.Write(console, "Cannot resume", error, verbose);
            runFolder.Dispose();
            return ExitCodes.ResumeFailed;
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            ErrorReport.Write(console, "Run failed", error, verbose);
            RemoveIfFresh(runFolder, resume);
            return ExitCodes.RunFailed;
        }

        int written = RunOutputs.Complete(console, result, runFolder.Path);
        if (written == ExitCodes.Success)
            RunOutputs.RemoveCheckpoint(runFolder.Path);
        runFolder.Dispose();
        int claims = ClaimReport.Write(console, result);
        return written != ExitCodes.Success ? written : claims;
    }

    /// <summary>What the run reads: the data directory given, the embedded digits, or nothing (generated tasks).</summary>
    private static string DataText(ExperimentDescriptor experiment, string? dataDirectory) =>
        !experiment.ReadsData ? $"generated from the [{experiment.Family}] declaration, no data set read"
        : dataDirectory ?? "embedded MNIST digits";

    /// <summary>
    /// A <c>--data</c> given to an experiment that reads no data set is refused (a researcher who names a data set
    /// expects it to be used); null when there is no problem.
    /// </summary>
    private static string? DataProblem(ExperimentDescriptor experiment, DirectoryInfo? data) =>
        data is null || experiment.ReadsData ? null
        : $"{experiment.Name} reads no data set: its [{experiment.Family}] tasks are generated from the declaration; drop --data";

    private static void RemoveIfFresh(RunFolder runFolder, Checkpoint? resume)
    {
        if (resume is null)
            runFolder.RemoveIfEmpty();
        else
            runFolder.Dispose();
    }

    private static ExperimentDescriptor? Find(IReadOnlyList<ExperimentDescriptor> catalog, string wanted, IAnsiConsole console)
    {
        ExperimentDescriptor? experiment = catalog.FirstOrDefault(e => string.Equals(e.Name, wanted, StringComparison.Ordinal));
        if (experiment is null)
            console.MarkupLine(catalog.Count == 0
                ? $"[red]No experiment named '{Markup.Escape(wanted)}'.[/] This program declares no experiment yet: add an [[Experiment]] partial class (see README.md)."
                : $"[red]No experiment named '{Markup.Escape(wanted)}'.[/] Known: {Markup.Escape(string.Join(", ", catalog.Select(e => e.Name)))}.");
        return experiment;
    }

    /// <summary>The <c>run</c> command's own tokens (what <c>--resume</c> parses again), without the root's <c>--verbose</c>.</summary>
    private static string[] RunArguments(ParseResult parsed) =>
        parsed.Tokens.SkipWhile(t => !(t.Type == TokenType.Command && t.Value == "run")).Skip(1)
            .Where(t => t.Value is not ("--verbose" or "-v"))
            .Select(t => t.Value).ToArray();

    private sealed record RunOptions(
        Argument<string?> Name, Option<DirectoryInfo?> Data, Option<DirectoryInfo> Output, Option<int?> Threads, Option<int?> CurveEvery, Option<int?> CurveSamples)
    {
        public RunSettings Settings(ParseResult parsed) =>
            new(parsed.GetValue(Data)?.FullName, parsed.GetValue(Threads), parsed.GetValue(CurveEvery), parsed.GetValue(CurveSamples));
    }

    private sealed record RunSettings(string? DataDirectory, int? Threads, int? CurveEvery, int? CurveSamples);
}
