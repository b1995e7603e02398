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
}
