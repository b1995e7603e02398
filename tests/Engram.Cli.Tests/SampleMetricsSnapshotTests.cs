using Engram.Experiments;
using Engram.Metrics;
using Engram.Samples;
using Snapshooter.Xunit;

namespace Engram.Cli.Tests;

/// <summary>
/// The science of the samples, snapshotted: a shortened run of each sample (3 tasks, 1 epoch, the declared seed) on
/// one libtorch thread, so that any change that moves the numbers shows up in review as a snapshot diff. Precision:
/// accuracies to 4 decimals (exact: the test sets have 2,000 images, so accuracies are multiples of 0.0005), derived
/// metrics to 4 decimals, mean training losses to 3 decimals, Fisher maxima and means to 3 significant digits. Curve
/// points every 25 steps, inside a task on the default 500-sample test subsets. CI runs
/// Snapshooter in strict mode: a missing snapshot fails instead of being written.
/// </summary>
public class SampleMetricsSnapshotTests
{
    private static readonly RunContext OneThread = RunContext.Default with { Threads = 1, CurveEvery = 25 };

    [Fact]
    public void PermutedMnistNaive_three_tasks_one_epoch()
    {
        ExperimentResult result = PermutedMnistNaive.Run(PermutedMnistNaive.Declared with { Tasks = 3, Epochs = 1 }, OneThread);
        Snapshot.Match(Summary(result));
    }

    [Fact]
    public void PermutedMnistEwc_three_tasks_one_epoch()
    {
        ExperimentResult result = PermutedMnistEwc.Run(PermutedMnistEwc.Declared with { Tasks = 3, Epochs = 1 }, OneThread);
        Snapshot.Match(Summary(result));
    }

    private static object Summary(ExperimentResult result)
    {
        ContinualMetrics metrics = result.Metrics;
        return new
        {
            result.Experiment,
            Matrix = result.Accuracy.ToRows().Select(Round4).ToArray(),
            Baseline = Round4(result.BaselineAccuracy!),
            Acc = Round(metrics.Acc),
            Bwt = Round(metrics.Bwt),
            Fwt = Round(metrics.Fwt!.Value),
            ForgettingChaudhry = Round(metrics.ChaudhryForgetting),
            ForgettingAvalanche = Round(metrics.AvalancheForgetting),
            SeenAccuracy = Round4(metrics.SeenAccuracy),
            Curves = result.Curves.Points.Select(p => new
            {
                p.Step,
                p.Boundary,
                TrainLoss = p.TrainLoss is double loss ? Math.Round(loss, 3) : (double?)null,
                Accuracy = Round4(p.Accuracy),
            }).ToArray(),
            Fisher = result.Significance.Select(h => new
            {
                h.Task,
                Parameters = h.Parameters.Select(p => new { p.Name, Max = Significant(p.Max), Mean = Significant(p.Mean), p.Zeros }).ToArray(),
            }).ToArray(),
        };
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static double[] Round4(IEnumerable<double> values) => values.Select(Round).ToArray();

    private static double Significant(double value) =>
        value == 0 ? 0 : Math.Round(value, 2 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
}
