using Engram.Metrics;
using Engram.Reporting;
using SkiaSharp;

namespace Engram.Tests.Reporting;

/// <summary>A regression run (test MSE in the matrix) reads as MSE everywhere, and mask and sparsity reports appear.</summary>
public class RegressionReportTests
{
    [Fact]
    public void Results_json_keeps_the_metric_masks_and_sparsity()
    {
        string folder = SampleRecords.NewFolder();
        ResultsFile.Write(SampleRecords.Regression(), folder);

        RunRecord back = ResultsFile.Read(folder);

        Assert.Equal(TaskMetric.MeanSquaredError, back.Metric);
        Assert.Equal(3.5, back.AccuracyMatrix[0][1]);
        Assert.Equal(0.25, back.Masks[1].Layers[0].OverlapWithPrevious);
        Assert.Equal(8, back.Sparsity[1][1].NearZero);
        // MSE forgetting is the rise in error: task 0 went from 0.02 to 0.40.
        Assert.Equal(0.38, back.ComputeMetrics().ChaudhryForgetting, 12);
    }

    [Fact]
    public void Tables_and_csv_speak_of_mse_not_accuracy()
    {
        RunRecord record = SampleRecords.Regression();

        string md = MarkdownReport.Render(record, []);
        string csv = CsvFiles.Metrics(record);
        string curves = CsvFiles.Curves(record);

        Assert.Contains("| mean final MSE | 0.215 |", md, StringComparison.Ordinal);
        Assert.Contains("| task 0 | 0.02 | 3.5 | 0.02 |", md, StringComparison.Ordinal);
        Assert.Contains("| Forgetting (Chaudhry) | +0.38 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("%", md.Split("## Learning curves")[0], StringComparison.Ordinal);
        Assert.Contains("## Gradient mask", md, StringComparison.Ordinal);
        Assert.Contains("| 1 | 0 | 40.0% of 20 | 2 of 10 | 0.250 |", md, StringComparison.Ordinal);
        Assert.Contains("| 1 | 80.0% of 10 | 1 of 1 |", md, StringComparison.Ordinal);
        Assert.Contains("mean_final_mse,,,0.215", csv, StringComparison.Ordinal);
        Assert.Contains("mse,0,1,3.5", csv, StringComparison.Ordinal);
        Assert.StartsWith("step,trained_task,epoch,train_loss,boundary,eval_task,mse", curves, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_figure_draws_mse_values_above_one()
    {
        RunRecord record = SampleRecords.Regression();
        foreach (byte[] png in new[] { Plots.AccuracyMatrix(record), Plots.LearningCurves(record), Plots.TaskAccuracy(record), Plots.Compare([("a", record), ("b", record)]) })
        {
            using SKBitmap bitmap = SKBitmap.Decode(png);
            Assert.True(bitmap.Width > 500);
        }
    }
}
