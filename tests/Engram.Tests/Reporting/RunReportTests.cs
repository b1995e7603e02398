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
    public void Runs_of_the_same_experiment_are_told_apart_by_folder()
    {
        RunRecord record = SampleRecords.ThreeTasks("Same");
        IReadOnlyList<ComparedRun> runs = Comparison.Label([("/runs/Same/20260101-000000", record), ("/runs/Same/20260102-000000", record)]);
        Assert.Equal(["Same (20260101-000000)", "Same (20260102-000000)"], runs.Select(r => r.Label));
    }
}
