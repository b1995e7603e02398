using System.Text.Json;
using Engram.Experiments;
using Engram.Reporting;
using Engram.Samples;
using Engram.Training;

namespace Engram.Cli.Tests;

/// <summary>
/// What a new user sees when something is wrong: corrupt or missing data, impossible settings, an unusable output
/// folder, a diverging run. Every case ends with a clear message and its own exit code, never a stack trace, and no
/// finished task is lost.
/// </summary>
public sealed class FailureTests : IDisposable
{
    private readonly string folder = Cli.NewFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The EWC sample as the generated catalog lists it (with overrides), shortened to 2 tasks of 1 epoch.</summary>
    private static ExperimentDescriptor[] ShortEwc { get; } =
    [
        ExperimentDescriptor.Create("PermutedMnistEwc", "offline EWC", "PermutedMnist", PermutedMnistEwc.Declared with { Tasks = 2, Epochs = 1 },
            PermutedMnistEwc.Claims, PermutedMnistEwc.Run),
    ];

    [Theory]
    [InlineData("100000")]
    [InlineData("0")]
    [InlineData("-3")]
    public void A_thread_count_outside_one_to_four_per_processor_is_refused_before_anything_runs(string threads)
    {
        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "--threads", threads, "-o", folder);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"--threads is {threads}; it must be in 1..{TorchThreads.Max} (4 per logical processor, {Environment.ProcessorCount} here).", output);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_one_error_line_without_type_names_or_the_whole_help()
    {
        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "--lr", "abc", "-o", folder);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("Error: Cannot parse argument 'abc' for option '--lr' as a number.", output);
        Assert.Contains("See 'run --help' for the options.", output);
        Assert.DoesNotContain("System.", output);
        Assert.DoesNotContain("Usage:", output);
    }

    [Fact]
    public void A_corrupt_data_file_exits_3_with_one_line_naming_the_file_and_the_problem()
    {
        string data = CopyOfEmbeddedData();
        string labels = Path.Combine(data, "train-labels-idx1-ubyte.gz");
        byte[] bytes = File.ReadAllBytes(labels);
        File.WriteAllBytes(labels, bytes[..(bytes.Length / 2)]);

        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "--data", data, "-o", Path.Combine(folder, "runs"));

        Assert.Equal(ExitCodes.DataError, exit);
        // One message (the console wraps it at its width): file, problem, numbers, and where the detail is.
        Assert.Matches(
            "Data error: " + System.Text.RegularExpressions.Regex.Escape(labels) +
            @": truncated payload: the header declares 8000 payload bytes \(8000 labels\), the decompressed data has \d+ after the 8-byte header \(--verbose for details\)",
            Flatten(output));
        Assert.DoesNotContain("   at ", output); // no stack trace
        // Nothing trained, nothing left behind: no empty run folder, nor the folders the run created above it.
        Assert.Equal([Path.Combine(folder, "data")], Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Verbose_adds_the_exception_type_and_stack_trace()
    {
        string data = CopyOfEmbeddedData();
        File.WriteAllBytes(Path.Combine(data, "t10k-images-idx3-ubyte.gz"), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad]);

        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "--data", data, "-o", folder, "--verbose");

        Assert.Equal(ExitCodes.DataError, exit);
        Assert.Contains("corrupt gzip data", output);
        Assert.Contains("Engram.Data.IdxFormatException", output);
        Assert.Contains("at Engram.Data.IdxReader", output);
        Assert.DoesNotContain("--verbose for details", output);
    }

    [Fact]
    public void A_missing_data_directory_names_what_it_expects_once_and_leaves_no_folder_behind()
    {
        string missing = Path.Combine(folder, "no-such-data");
        string runs = Path.Combine(folder, "runs");

        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "--data", missing, "-o", runs);

        Assert.Equal(ExitCodes.DataError, exit);
        Assert.Contains($"Data error: {missing}: directory not found; expected a directory holding train-images-idx3-ubyte", Flatten(output));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(Flatten(output), "directory holding"));
        // Refused before anything was written: neither <out>/<experiment>/<time> nor <out>/<experiment> nor <out> is left.
        Assert.False(Directory.Exists(runs), $"{runs} was left behind");
    }

    [Fact]
    public void A_refused_run_removes_only_the_folders_it_created()
    {
        string missing = Path.Combine(folder, "no-such-data");
        string runs = Path.Combine(folder, "runs");
        string experiment = Directory.CreateDirectory(Path.Combine(runs, "PermutedMnistNaive")).FullName; // there before the run, empty
        string other = Directory.CreateDirectory(Path.Combine(runs, "PermutedMnistEwc")).FullName;

        (int exit, _) = Cli.Run("run", "PermutedMnistNaive", "--data", missing, "-o", runs);

        Assert.Equal(ExitCodes.DataError, exit);
        Assert.True(Directory.Exists(experiment));
        Assert.Empty(Directory.GetFileSystemEntries(experiment)); // its run folder is gone
        Assert.True(Directory.Exists(other));
    }

    [Theory]
    [InlineData("--lr", "-1", "error ENG0013 (--lr -1): [Adam] LearningRate is -1; it must be a finite number greater than 0")]
    [InlineData("--lambda", "-5", "error ENG0015 (--lambda -5): [Ewc] Lambda is -5; the penalty strength must be a finite number at least 0")]
    [InlineData("--lambda", "Infinity", "error ENG0015 (--lambda Infinity): [Ewc] Lambda is Infinity; the penalty strength must be a finite number at least 0")]
    [InlineData("--tasks", "0", "error ENG0010 (--tasks 0): [PermutedMnist] Tasks is 0; an experiment needs at least 1 task and at most 1000")]
    [InlineData("--tasks", "100000", "error ENG0010 (--tasks 100000): [PermutedMnist] Tasks is 100000; an experiment needs at least 1 task and at most 1000")]
    [InlineData("--epochs", "0", "error ENG0011 (--epochs 0): [Training] Epochs is 0; every task needs at least 1 epoch")]
    [InlineData("--fisher-samples", "0", "error ENG0016 (--fisher-samples 0): [Ewc] FisherSamples is 0; the Fisher estimate needs at least 1 sample")]
    public void An_override_out_of_range_is_refused_with_the_compile_time_text_before_anything_runs(string option, string value, string expected)
    {
        (int exit, string output) = Cli.Run(ShortEwc, "run", "PermutedMnistEwc", option, value, "-o", folder);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains(expected, Flatten(output));
        Assert.Empty(Directory.GetFileSystemEntries(folder)); // no run folder: nothing ran
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_refused_before_training()
    {
        string file = Path.Combine(folder, "a-file");
        File.WriteAllText(file, "");

        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "-o", file);

        Assert.Equal(ExitCodes.OutputUnusable, exit);
        Assert.Contains("Output folder unusable: cannot create the folder", output);
        Assert.Contains("Nothing was trained.", output);
        Assert.DoesNotContain("training,", output);
    }

    [FactWhenSysfs]
    public void An_unwritable_output_folder_is_refused_before_training()
    {
        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "-o", "/sys/kernel/engram-test");

        Assert.Equal(ExitCodes.OutputUnusable, exit);
        Assert.Contains("Output folder unusable: cannot create the folder /sys/kernel/engram-test", Flatten(output));
        Assert.DoesNotContain("training,", output);
    }

    [Fact]
    public void A_disk_without_room_for_checkpoints_is_refused_by_the_free_space_check()
    {
        var error = Assert.Throws<OutputFolderException>(() => RunFolder.Probe(folder, minimumFreeBytes: long.MaxValue));

        Assert.Contains($"{folder} has only ", error.Message);
        Assert.Contains("MiB free; a run needs at least", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder)); // the write test cleans up
    }

    [Fact]
    public void A_run_folder_refused_by_the_free_space_check_leaves_no_folder_behind()
    {
        string runs = Path.Combine(folder, "runs");

        Assert.Throws<OutputFolderException>(() => RunFolder.Create(runs, new RunInvocation("Tight", ["Tight"], DateTimeOffset.UtcNow), minimumFreeBytes: long.MaxValue));

        Assert.Empty(Directory.GetFileSystemEntries(folder)); // neither the run folder, nor runs/Tight, nor runs
    }

    [Fact]
    public void Runs_started_at_once_never_share_a_folder()
    {
        var invocation = new RunInvocation("Same", ["Same"], DateTimeOffset.UtcNow);
        var folders = new RunFolder[8];
        Parallel.For(0, folders.Length, i => folders[i] = RunFolder.Create(folder, invocation, minimumFreeBytes: 0));
        try
        {
            Assert.Equal(folders.Length, folders.Select(f => f.Path).Distinct().Count());
            Assert.All(folders, f => Assert.True(File.Exists(Path.Combine(f.Path, RunFolder.InvocationFile))));
            // A second process resuming a folder another one holds is refused.
            Assert.Contains("is in use by another Engram process", Assert.Throws<OutputFolderException>(() => RunFolder.Open(folders[0].Path, 0)).Message);
        }
        finally
        {
            foreach (RunFolder f in folders)
                f.Dispose();
        }

        Assert.All(folders, f => Assert.False(File.Exists(Path.Combine(f.Path, ".lock"))));
    }

    [Fact]
    public void Lambda_1e12_diverges_in_task_2_keeps_task_1_and_exits_8()
    {
        (int exit, string output) = Cli.Run(ShortEwc, "run", "PermutedMnistEwc", "--lambda", "1e12", "--threads", "1", "--curve-every", "0", "-o", folder);

        string text = Flatten(output);
        Assert.Equal(ExitCodes.Diverged, exit);
        Assert.Contains("Diverged: Training diverged in task 2/2 (permutation 1), epoch 1, step ", text);
        Assert.Contains("Likely cause: the EWC penalty is too stiff for the step size: lambda x learning rate x max Fisher = 1e12 x 0.001 x ", text);
        Assert.Contains("1 finished task kept", text);
        Assert.Contains("Finished tasks: accuracy R[i, j] (1 of 2 rows)", text);

        string run = Assert.Single(Directory.GetDirectories(Path.Combine(folder, "PermutedMnistEwc")));
        Assert.False(File.Exists(Path.Combine(run, ResultsFile.FileName)));
        StoppedRun stopped = StoppedRunFile.Read(run);
        Assert.Equal("diverged", stopped.Stop.Status);
        Assert.Equal(1, stopped.Stop.Task);
        Assert.Equal(1, stopped.Stop.CompletedTasks);
        Assert.Single(stopped.Results!.AccuracyMatrix);
        Assert.InRange(stopped.Results.AccuracyMatrix[0][0], 0.8, 1);
        Assert.Null(stopped.Results.Metrics);
        Assert.Equal(1e12, stopped.Results.Config.GetProperty("ewcLambda").GetDouble());
        using Checkpoint checkpoint = Checkpoint.Read(Path.Combine(run, Checkpoint.FolderName));
        Assert.Equal(1, checkpoint.Manifest.CompletedTasks);
        Assert.Equal(stopped.Results.AccuracyMatrix[0], checkpoint.Manifest.Progress.Rows[0]);
        Assert.False(File.Exists(Path.Combine(run, ".lock")));

        (int reported, string report) = Cli.Run("report", run);
        Assert.Equal(ExitCodes.InvalidResults, reported);
        Assert.Contains($"The run stopped before its last task: partial-results.json holds why and the finished tasks; `run --resume {run}` continues it.", Flatten(report));
    }

    [Fact]
    public void Resume_without_a_checkpoint_says_why()
    {
        (int exit, string output) = Cli.Run("run", "--resume", folder);
        Assert.Equal(ExitCodes.ResumeFailed, exit);
        Assert.Contains("is not a run folder (run.json is missing)", Flatten(output));

        (int neither, string both) = Cli.Run("run");
        Assert.Equal(ExitCodes.Usage, neither);
        Assert.Contains("Name an experiment", both);
    }

    private static string Flatten(string output) => string.Join(' ', output.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    private string CopyOfEmbeddedData()
    {
        string data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        foreach (string file in Directory.GetFiles(Engram.Data.MnistDataSet.EmbeddedDirectory, "*.gz"))
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        return data;
    }
}

/// <summary>A fact that runs only on Linux with sysfs, whose directories nobody (not even root) can create entries in.</summary>
public sealed class FactWhenSysfsAttribute : FactAttribute
{
    public FactWhenSysfsAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel"))
            Skip = "needs Linux sysfs";
    }
}
