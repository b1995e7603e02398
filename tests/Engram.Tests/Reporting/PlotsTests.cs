using Engram.Reporting;
using SkiaSharp;

namespace Engram.Tests.Reporting;

/// <summary>The figures are real PNGs of the stated size with something drawn on them (looked at by eye in review).</summary>
public class PlotsTests
{
    public static TheoryData<string> Figures => ["matrix", "curves", "tasks", "significance", "compare"];

    [Theory]
    [MemberData(nameof(Figures))]
    public void Each_figure_is_a_png_with_content(string figure)
    {
        RunRecord record = SampleRecords.ThreeTasks();
        byte[]? png = figure switch
        {
            "matrix" => Plots.AccuracyMatrix(record),
            "curves" => Plots.LearningCurves(record),
            "tasks" => Plots.TaskAccuracy(record),
            "significance" => Plots.Significance(record),
            _ => Plots.Compare([("a", record), ("b", SampleRecords.ThreeTasks("Other"))]),
        };

        Assert.NotNull(png);
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.True(bitmap.Width >= 500 && bitmap.Height >= 400, $"{bitmap.Width} x {bitmap.Height}");
        int distinct = Enumerable.Range(0, 400).Select(k => bitmap.GetPixel(k * 37 % bitmap.Width, k * 53 % bitmap.Height)).Distinct().Count();
        Assert.True(distinct > 3, $"only {distinct} colours sampled");
    }

    [Fact]
    public void Without_an_importance_estimate_there_is_no_significance_figure()
    {
        Assert.Null(Plots.Significance(SampleRecords.ThreeTasks() with { Significance = [] }));
    }
}
