using Engram.Metrics;
using Engram.Reporting;

namespace Engram.Tests.Reporting;

public class MarkdownReportTests
{
    [Fact]
    public void The_report_has_the_metrics_matrix_and_forgetting_tables()
    {
        string md = MarkdownReport.Render(SampleRecords.ThreeTasks(), [Plots.AccuracyMatrixFileName]);

        Assert.Contains("# HandMade", md, StringComparison.Ordinal);
        Assert.Contains("| ACC | 75.67% |", md, StringComparison.Ordinal);
        Assert.Contains("| BWT | -27.50 pp |", md, StringComparison.Ordinal);
        Assert.Contains("| Forgetting (Chaudhry) | +27.50 pp |", md, StringComparison.Ordinal);
        Assert.Contains("| untrained (b_j) | 9.00% | 11.00% | 10.00% | |", md, StringComparison.Ordinal);
        Assert.Contains("| task 2 | 50.00% | 80.00% | 97.00% | 75.67% |", md, StringComparison.Ordinal);
        Assert.Contains("| task 0 | 90.00% | 90.00% | 50.00% | +40.00 pp | +40.00 pp |", md, StringComparison.Ordinal);
        Assert.Contains("| ewcLambda | `100` |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_figures_that_exist_are_embedded()
    {
        string md = MarkdownReport.Render(SampleRecords.ThreeTasks(), [Plots.AccuracyMatrixFileName]);

        Assert.Contains("![Accuracy matrix heat map](accuracy-matrix.png)", md, StringComparison.Ordinal);
        Assert.DoesNotContain("learning-curves.png)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_of_one_read_in_the_singular()
    {
        RunRecord one = SampleRecords.ThreeTasks() with
        {
            AccuracyMatrix = [[0.9]],
            BaselineAccuracy = [0.1],
            Metrics = null,
            TaskNames = ["identity"],
            Timings = [new TaskTimingRecord(0, 1, 0.1, 0.05, 0.02, 1.17)],
            Curves = new LearningCurves(1, [2], [new CurvePoint(0, 0, 0, null, [0.1], true), new CurvePoint(1, 0, 0, 1.0, [0.5], false), new CurvePoint(2, 0, 0, 0.8, [0.9], true)], Samples: 1),
            Machine = new MachineInfo("Linux", "X64", "Test CPU", 1, 24, 1, ".NET 10"),
        };

        string md = MarkdownReport.Render(one, [Plots.LearningCurvesFileName]);

        Assert.Contains("Seed 1, 1 task, started", md, StringComparison.Ordinal);
        Assert.Contains("(1 libtorch thread on Test CPU)", md, StringComparison.Ordinal);
        Assert.Contains("every optimizer step and at the end of each task", md, StringComparison.Ordinal);
        Assert.Contains("a fixed random subset of 1 test sample per task", md, StringComparison.Ordinal);
        Assert.Contains("Test CPU, 1 logical processor, 24 GiB", md, StringComparison.Ordinal);
        Assert.Contains("- .NET 10, 1 libtorch thread", md, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b1 [a-z ]*(threads|tasks|steps|samples|processors)\b", md);
    }

    [Theory]
    [InlineData(0, "thread", null, "0 threads")]
    [InlineData(1, "thread", null, "1 thread")]
    [InlineData(2, "logical processor", null, "2 logical processors")]
    [InlineData(1, "class", "classes", "1 class")]
    [InlineData(3, "class", "classes", "3 classes")]
    public void Counts_take_the_noun_in_their_number(long count, string singular, string? plural, string expected) =>
        Assert.Equal(expected, Counts.Of(count, singular, plural));
}
