using Engram.Reporting;

namespace Engram.Tests.Reporting;

public class RunReportTests
{
    [Fact]
    public void Rendering_writes_every_output_next_to_results_json_and_nothing_half_written()
    {
        RunRecord record = SampleRecords.ThreeTasks();
        string folder = SampleRecords.NewFolder();
        ResultsFile.Write(record, folder);

        IReadOnlyList<string> written = RunReport.Render(record, folder);

        string[] expected = ["metrics.csv", "curves.csv", "accuracy-matrix.png", "learning-curves.png", "task-accuracy.png", "significance.png", "report.md", "tensorboard"];
        Assert.Equal(expected, written.Select(Path.GetFileName));
        Assert.Equal(expected.Append("results.json").Order(), Directory.EnumerateFileSystemEntries(folder).Select(p => Path.GetFileName(p)!).Order());
        string md = File.ReadAllText(Path.Combine(folder, "report.md"));
        foreach (string png in expected.Where(e => e.EndsWith(".png", StringComparison.Ordinal)))
            Assert.Contains($"]({png})", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_tables_show_metrics_side_by_side_and_the_settings_that_differ()
    {
        RunRecord naive = SampleRecords.ThreeTasks("Naive", lambda: 0);
        RunRecord ewc = SampleRecords.ThreeTasks("Ewc", lambda: 100);
        string folder = SampleRecords.NewFolder();

        IReadOnlyList<ComparedRun> runs = Comparison.Label([("/runs/a", naive), ("/runs/b", ewc)]);
        IReadOnlyList<string> written = Comparison.Write(runs, folder);

        Assert.Equal(["Naive", "Ewc"], runs.Select(r => r.Label));
        Assert.Equal(["compare.md", "compare.png"], written.Select(Path.GetFileName));
        string md = File.ReadAllText(written[0]);
        Assert.Contains("| metric | Naive | Ewc |", md, StringComparison.Ordinal);
        Assert.Contains("| ACC | 75.67% | 75.67% |", md, StringComparison.Ordinal);
        Assert.Contains("| ewcLambda | 0 | 100 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("| tasks | 3 | 3 |\n| seed", md.Split("Configuration differences")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_warns_about_runs_made_at_other_thread_counts_seeds_or_data_but_still_compares()
    {
        RunRecord oneThread = SampleRecords.ThreeTasks("Naive") with { Machine = SampleRecords.ThreeTasks().Machine! with { Threads = 1 } };
        RunRecord otherSeed = SampleRecords.ThreeTasks("Ewc") with { Seed = 2, DataSource = "/usr/share/datasets/fashion-mnist" };
        IReadOnlyList<ComparedRun> runs = Comparison.Label([("/runs/a", oneThread), ("/runs/b", otherSeed)]);

        IReadOnlyList<string> warnings = Comparison.Warnings(runs);
        string md = File.ReadAllText(Comparison.Write(runs, SampleRecords.NewFolder())[0]);

        Assert.Equal(3, warnings.Count);
        Assert.StartsWith("different libtorch thread counts (Naive: 1, Ewc: 2): the numbers depend on the thread count", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("different seeds (Naive: 1, Ewc: 2)", warnings[1], StringComparison.Ordinal);
        Assert.StartsWith("different data (Naive: /data/mnist, Ewc: /usr/share/datasets/fashion-mnist)", warnings[2], StringComparison.Ordinal);
        foreach (string warning in warnings)
            Assert.Contains($"> **Warning:** {warning}.", md, StringComparison.Ordinal);
        Assert.Contains("| ACC |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_does_not_warn_about_the_same_conditions_nor_about_what_a_file_does_not_record()
    {
        RunRecord naive = SampleRecords.ThreeTasks("Naive");
        RunRecord embeddedElsewhere = SampleRecords.ThreeTasks("Ewc") with { DataSource = "/work/other-build/bin/Release/net10.0/data/mnist/" };
        RunRecord unrecorded = SampleRecords.ThreeTasks("Old") with { Machine = null, DataSource = "" };

        Assert.Empty(Comparison.Warnings(Comparison.Label([("/runs/a", naive), ("/runs/b", embeddedElsewhere), ("/runs/c", unrecorded)])));
        Assert.DoesNotContain("Warning", Comparison.Render(Comparison.Label([("/runs/a", naive), ("/runs/b", naive)]), withFigure: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_warns_when_task_j_is_a_different_task_in_each_run()
    {
        RunRecord permuted = SampleRecords.ThreeTasks("Permuted");
        RunRecord split = SampleRecords.ThreeTasks("Split") with
        {
            Config = System.Text.Json.JsonSerializer.SerializeToElement(new { seed = 1, tasks = 5, classesPerTask = 2 }),
            TaskNames = ["digits 0-1", "digits 2-3", "digits 4-5", "digits 6-7", "digits 8-9"],
        };
        IReadOnlyList<ComparedRun> runs = Comparison.Label([("/runs/a", permuted), ("/runs/b", split)]);

        string warning = Assert.Single(Comparison.Warnings(runs));
        string md = Comparison.Render(runs, withFigure: false);

        Assert.Equal(
            "different tasks (Permuted: identity, permutation 1, permutation 2; Split: digits 0-1, digits 2-3, digits 4-5, ... (5 tasks)): " +
            "\"task j\" is not the same task in every run, so the per-task columns and figures (final accuracy on task 0 and on the last task, " +
            "task 0 during training) compare different tasks", warning);
        Assert.Contains($"> **Warning:** {warning}.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_does_not_warn_about_tasks_when_one_run_only_has_more_of_the_same()
    {
        RunRecord three = SampleRecords.ThreeTasks("Three");
        RunRecord two = SampleRecords.ThreeTasks("Two") with { TaskNames = ["identity", "permutation 1"] };
        RunRecord unnamed = SampleRecords.ThreeTasks("Old") with { TaskNames = [] };

        Assert.Empty(Comparison.Warnings(Comparison.Label([("/runs/a", three), ("/runs/b", two), ("/runs/c", unnamed)])));
    }

    [Fact]
    public void Runs_of_the_same_experiment_are_told_apart_by_folder()
    {
        RunRecord record = SampleRecords.ThreeTasks("Same");
        IReadOnlyList<ComparedRun> runs = Comparison.Label([("/runs/Same/20260101-000000", record), ("/runs/Same/20260102-000000", record)]);
        Assert.Equal(["Same (20260101-000000)", "Same (20260102-000000)"], runs.Select(r => r.Label));
    }
}
