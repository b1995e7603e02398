using Engram.Experiments;
using Engram.Reporting;
using Engram.Samples;

namespace Engram.Cli.Tests;

/// <summary>Help on every command, exit codes scripts rely on, and run -&gt; report -&gt; compare end to end.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("list --help")]
    [InlineData("run --help")]
    [InlineData("report --help")]
    [InlineData("compare --help")]
    public void Every_command_has_help(string args)
    {
        (int exit, string output) = Cli.Run(args.Split(' '));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_help_lists_the_curve_interval()
    {
        (_, string output) = Cli.Run("run", "--help");
        Assert.Contains("--curve-every", output, StringComparison.Ordinal);
        Assert.Contains("--curve-samples", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run")]
    [InlineData("report")]
    [InlineData("compare only-one-folder")]
    [InlineData("run PermutedMnistNaive --curve-every -1")]
    [InlineData("run PermutedMnistNaive --curve-samples -5")]
    public void A_bad_command_line_exits_1(string args)
    {
        (int exit, _) = Cli.Run(args.Split(' '));
        Assert.Equal(ExitCodes.Usage, exit);
    }

    [Fact]
    public void An_unknown_experiment_exits_2()
    {
        (int exit, string output) = Cli.Run("run", "NoSuchExperiment", "-o", Cli.NewFolder());

        Assert.Equal(ExitCodes.UnknownExperiment, exit);
        Assert.Contains("PermutedMnistNaive", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_catalog_says_so_instead_of_an_empty_list()
    {
        (int exit, string output) = Cli.Run([], "run", "Anything", "-o", Cli.NewFolder());

        Assert.Equal(ExitCodes.UnknownExperiment, exit);
        Assert.Contains("This program declares no experiment yet", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Known: .", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_and_compare_of_a_folder_without_results_exit_6()
    {
        string empty = Cli.NewFolder();

        (int report, string reportOutput) = Cli.Run("report", empty);
        (int compare, _) = Cli.Run("compare", empty, empty, "-o", Cli.NewFolder());

        Assert.Equal(ExitCodes.InvalidResults, report);
        Assert.Contains("has no results.json", reportOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidResults, compare);
    }

    [Fact]
    public void Compare_warns_about_runs_at_different_thread_counts_and_still_compares()
    {
        string oneThread = Folder(Record(threads: 1));
        string twoThreads = Folder(Record(threads: 2));

        (int exit, string output) = Cli.Run("compare", oneThread, twoThreads, "-o", Cli.NewFolder());

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Warning: different libtorch thread counts (Hand (", output, StringComparison.Ordinal);
        Assert.Contains("): the numbers depend on the thread count", output, StringComparison.Ordinal);
        Assert.DoesNotContain("different seeds", output, StringComparison.Ordinal);

        static RunRecord Record(int threads) => new()
        {
            Experiment = "Hand",
            Seed = 1,
            Config = System.Text.Json.JsonSerializer.SerializeToElement(new { tasks = 2 }),
            DataSource = "/data/mnist",
            AccuracyMatrix = [[0.9, 0.1], [0.6, 0.9]],
            BaselineAccuracy = [0.1, 0.1],
            Machine = new MachineInfo("Linux", "X64", null, 2, 8, threads, ".NET 10"),
        };

        static string Folder(RunRecord record)
        {
            string folder = Cli.NewFolder();
            ResultsFile.Write(record, folder);
            return folder;
        }
    }

    [Fact]
    public void Compare_of_runs_from_different_task_families_warns_that_task_0_is_other_data_in_each()
    {
        string split = Folder(Record("SplitMnistTaskIncremental", ["digits 0-1", "digits 2-3"], new { tasks = 2, classesPerTask = 2, hidden = new[] { 400, 400 }, epochs = 5 }));
        string permuted = Folder(Record("PermutedMnistNaive", ["identity", "permutation 1"], new { tasks = 2, hidden = new[] { 100, 100, 100 }, epochs = 2 }));

        (int exit, string output) = Cli.Run("compare", split, permuted, "-o", Cli.NewFolder());

        Assert.Equal(ExitCodes.Success, exit);
        string flat = string.Join(' ', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        Assert.Contains("Warning: different tasks (SplitMnistTaskIncremental: digits 0-1, digits 2-3; PermutedMnistNaive: identity, permutation 1): " +
                        "\"task j\" is not the same task in every run", flat, StringComparison.Ordinal);

        static RunRecord Record(string experiment, string[] tasks, object config) => new()
        {
            Experiment = experiment,
            Seed = 1,
            Config = System.Text.Json.JsonSerializer.SerializeToElement(config),
            DataSource = "/data/mnist",
            TaskNames = tasks,
            AccuracyMatrix = [[0.9, 0.1], [0.6, 0.9]],
            BaselineAccuracy = [0.1, 0.1],
            Machine = new MachineInfo("Linux", "X64", null, 2, 8, 1, ".NET 10"),
        };

        static string Folder(RunRecord record)
        {
            string folder = Cli.NewFolder();
            ResultsFile.Write(record, folder);
            return folder;
        }
    }

    [Fact]
    public void Run_writes_the_run_folder_then_report_redraws_it_and_compare_sets_runs_side_by_side()
    {
        // A shortened naive run (2 tasks, 1 epoch) keeps the test quick; the CLI path is the same as for any experiment.
        var spec = PermutedMnistNaive.Declared with { Tasks = 2, Epochs = 1 };
        ExperimentDescriptor[] catalog = [new("ShortNaive", "2 tasks, 1 epoch", "PermutedMnist", spec, context => PermutedMnistNaive.Run(spec, context))];
        string output = Cli.NewFolder();

        (int exit, string printed) = Cli.Run(catalog, "run", "ShortNaive", "--threads", "1", "--curve-every", "25", "--curve-samples", "200", "-o", output);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("ShortNaive: 2 tasks, 1 epoch" + Environment.NewLine, printed, StringComparison.Ordinal); // nothing overridden
        // Not a terminal: plain progress lines, then the tables.
        Assert.Contains("task 1/2 (identity): training, 125 steps", printed, StringComparison.Ordinal);
        Assert.Contains("eta task", printed, StringComparison.Ordinal);
        Assert.Contains("Forgetting (Chaudhry)", printed, StringComparison.Ordinal);
        Assert.Contains("untrained", printed, StringComparison.Ordinal);
        string folder = Assert.Single(Directory.GetDirectories(Path.Combine(output, "ShortNaive")));
        string[] files = ["results.json", "metrics.csv", "curves.csv", "report.md", "accuracy-matrix.png", "learning-curves.png", "task-accuracy.png"];
        foreach (string file in files)
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "tensorboard")));
        Assert.False(File.Exists(Path.Combine(folder, "significance.png")), "fine-tuning estimates no importance");
        Assert.Empty(Directory.GetFileSystemEntries(folder, ".*"));

        // report: delete the derived files and draw them again from results.json alone.
        foreach (string file in files.Skip(1))
            File.Delete(Path.Combine(folder, file));
        (int reported, _) = Cli.Run(catalog, "report", folder, "--quiet");
        Assert.Equal(ExitCodes.Success, reported);
        foreach (string file in files)
            Assert.True(File.Exists(Path.Combine(folder, file)), file);

        // compare: the run with itself still gives a table and an overlay figure.
        string comparison = Cli.NewFolder();
        (int compared, string table) = Cli.Run(catalog, "compare", folder, folder, "-o", comparison);
        Assert.Equal(ExitCodes.Success, compared);
        Assert.Contains("ACC", table, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(comparison, "compare.png")));
        Assert.True(File.Exists(Path.Combine(comparison, "compare.md")));
    }
}
