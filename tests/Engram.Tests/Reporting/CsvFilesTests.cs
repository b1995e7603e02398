using Engram.Reporting;

namespace Engram.Tests.Reporting;

public class CsvFilesTests
{
    [Fact]
    public void Metrics_csv_is_long_form_with_fractions()
    {
        string[] lines = CsvFiles.Metrics(SampleRecords.ThreeTasks()).TrimEnd('\n').Split('\n');

        Assert.Equal("metric,after_task,on_task,value", lines[0]);
        // ACC = (0.50 + 0.80 + 0.97) / 3; BWT = ((0.50 - 0.90) + (0.80 - 0.95)) / 2
        Assert.StartsWith("acc,,,0.7566666", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("bwt,,,-0.27499", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("fwt,,,", lines[3], StringComparison.Ordinal);
        Assert.Contains("accuracy,2,1,0.8", lines);
        Assert.Contains("baseline_accuracy,,0,0.09", lines);
        Assert.Contains("seen_accuracy,1,,0.825", lines);
        Assert.Contains("forgetting_chaudhry,,0,0.4", lines);
        Assert.Contains("forgetting_avalanche,,1,0.1499999999999999", lines);
        Assert.Contains("train_seconds,2,,1", lines);
        Assert.Contains("total_seconds,,,4.2", lines);
        Assert.Equal(9, lines.Count(l => l.StartsWith("accuracy,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Curves_csv_has_one_row_per_point_and_task()
    {
        string[] lines = CsvFiles.Curves(SampleRecords.ThreeTasks()).TrimEnd('\n').Split('\n');

        Assert.Equal("step,trained_task,epoch,train_loss,boundary,eval_task,accuracy", lines[0]);
        Assert.Equal(1 + 7 * 3, lines.Length);
        Assert.Equal("0,0,0,,true,0,0.09", lines[1]);
        Assert.Equal("12,2,0,0.6000000000000001,true,2,0.97", lines[^1]);
    }
}
