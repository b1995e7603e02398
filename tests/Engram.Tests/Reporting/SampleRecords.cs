using System.Text.Json;
using Engram.Masks;
using Engram.Metrics;
using Engram.Reporting;

namespace Engram.Tests.Reporting;

/// <summary>Hand-made run records: reporting is tested without training anything.</summary>
internal static class SampleRecords
{
    /// <summary>A 3-task run with a baseline, curves every 2 steps (4 steps per task) and one significance histogram.</summary>
    public static RunRecord ThreeTasks(string experiment = "HandMade", double lambda = 100)
    {
        double[][] matrix =
        [
            [0.90, 0.10, 0.12],
            [0.70, 0.95, 0.11],
            [0.50, 0.80, 0.97],
        ];
        double[] baseline = [0.09, 0.11, 0.10];
        var points = new List<CurvePoint> { new(0, 0, 0, null, baseline, true) };
        for (int task = 0; task < 3; task++)
        {
            double[] middle = matrix[task].Select(a => a * 0.9).ToArray();
            points.Add(new CurvePoint(4 * task + 2, task, 0, 1.0 - 0.1 * task, middle, false));
            points.Add(new CurvePoint(4 * task + 4, task, 0, 0.8 - 0.1 * task, matrix[task], true));
        }

        long[] counts = new long[64];
        counts[30] = 5;
        counts[40] = 3;
        var significance = new SignificanceHistogram(2, "empirical", 100, -12, 4,
        [
            new ParameterHistogram("layers.0.weight", 10, 2, 1e-2, 1e-3, counts),
            new ParameterHistogram("layers.0.bias", 2, 0, 1e-2, 1e-3, counts.Select((c, i) => i == 40 ? 2L : 0L).ToArray()),
        ]);
        return new RunRecord
        {
            Experiment = experiment,
            Seed = 1,
            Config = JsonSerializer.SerializeToElement(new { seed = 1, tasks = 3, hidden = new[] { 10 }, ewcLambda = lambda }),
            DataSource = "/data/mnist",
            TaskNames = ["identity", "permutation 1", "permutation 2"],
            AccuracyMatrix = matrix,
            BaselineAccuracy = baseline,
            Metrics = ContinualMetrics.Compute(AccuracyMatrix.FromRows(3, matrix), baseline),
            Timings = [new TaskTimingRecord(0, 1, 0.1, 0.05, 0.02, 1.17), new TaskTimingRecord(1, 1, 0.1, 0.05, 0.02, 1.17), new TaskTimingRecord(2, 1, 0.1, 0.05, 0.02, 1.17)],
            BaselineSeconds = 0.04,
            Curves = new LearningCurves(2, [4, 8, 12], points),
            Significance = [significance],
            TotalSeconds = 4.2,
            StartedUtc = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Machine = new MachineInfo("Linux", "X64", "Test CPU", 2, 24, 2, ".NET 10"),
            Packages = new Dictionary<string, string> { ["Engram"] = "1.0.0" },
        };
    }

    /// <summary>
    /// A 2-task regression run: the matrix holds test MSE (above 1, which no accuracy can be), with a mask report and
    /// per-layer sparsity after each task.
    /// </summary>
    public static RunRecord Regression() => ThreeTasks("Curves") with
    {
        Metric = TaskMetric.MeanSquaredError,
        AccuracyMatrix = [[0.02, 3.5], [0.40, 0.03]],
        BaselineAccuracy = [2.0, 4.0],
        Metrics = null,
        TaskNames = ["x in [0, 1)", "x in [1, 2)"],
        Timings = [new TaskTimingRecord(0, 1, 0.1, 0.05, 0.02, 1.17), new TaskTimingRecord(1, 1, 0.1, 0.05, 0.02, 1.17)],
        Curves = new LearningCurves(2, [4, 8],
        [
            new CurvePoint(0, 0, 0, null, [2.0, 4.0], true),
            new CurvePoint(2, 0, 0, 0.5, [0.3, 3.9], false),
            new CurvePoint(4, 0, 0, 0.1, [0.02, 3.5], true),
            new CurvePoint(6, 1, 0, 0.4, [0.2, 0.5], false),
            new CurvePoint(8, 1, 0, 0.05, [0.40, 0.03], true),
        ]),
        Masks =
        [
            new MaskReport(0, [new LayerMaskReport(0, 20, 5, 10, 1, 5, null), new LayerMaskReport(1, 11, 3, 1, 0, 3, null)]),
            new MaskReport(1, [new LayerMaskReport(0, 20, 8, 10, 2, 5, 0.25), new LayerMaskReport(1, 11, 5, 1, 0, 3, 0.5)]),
        ],
        Sparsity = [[new LayerSparsity(0, 10, 2, 10, 0), new LayerSparsity(1, 10, 7, 1, 1)], [new LayerSparsity(0, 10, 3, 10, 1), new LayerSparsity(1, 10, 8, 1, 1)]],
    };

    /// <summary>A fresh empty folder under the temp directory.</summary>
    public static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "engram-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
