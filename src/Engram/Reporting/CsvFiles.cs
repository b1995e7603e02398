using System.Globalization;
using CsvHelper;
using Engram.Metrics;

namespace Engram.Reporting;

/// <summary>
/// <c>metrics.csv</c> and <c>curves.csv</c>: the numbers of a run in long ("tidy") form, one value per row, so that a
/// spreadsheet, pandas or R reads them without reshaping. Invariant culture, round-trip numbers, RFC 4180 quoting
/// (CsvHelper); written atomically.
/// </summary>
public static class CsvFiles
{
    /// <summary>File name of the metrics table.</summary>
    public const string MetricsFileName = "metrics.csv";

    /// <summary>File name of the learning curves.</summary>
    public const string CurvesFileName = "curves.csv";

    /// <summary>
    /// The metrics as rows <c>metric,after_task,on_task,value</c> (an empty cell where an index does not apply):
    /// <c>accuracy</c> R[i, j] (after_task i, on_task j); <c>baseline_accuracy</c> b_j; <c>seen_accuracy</c> after
    /// each task (for a regression run <c>mse</c>, <c>baseline_mse</c>, <c>seen_mse</c> and <c>mean_final_mse</c>); <c>forgetting_chaudhry</c> and <c>forgetting_avalanche</c> per task and averaged; <c>acc</c>,
    /// <c>bwt</c>, <c>fwt</c>; wall seconds per task and phase (<c>train_seconds</c>, <c>consolidate_seconds</c>,
    /// <c>evaluate_seconds</c>, <c>curve_seconds</c>, <c>task_seconds</c>) and <c>total_seconds</c>.
    /// Accuracies and differences are fractions, not percent.
    /// </summary>
    public static string Metrics(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ContinualMetrics metrics = record.ComputeMetrics();
        string key = record.Format.Key;
        return Write(csv =>
        {
            csv.WriteHeader(["metric", "after_task", "on_task", "value"]);

            void Row(string metric, int? after, int? on, double value)
            {
                csv.WriteField(metric);
                csv.WriteField(after?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(on?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(Number(value));
                csv.EndRecord();
            }

            Row(record.Format.IsAccuracy ? "acc" : "mean_final_mse", null, null, metrics.Acc);
            Row("bwt", null, null, metrics.Bwt);
            if (metrics.Fwt is double fwt)
                Row("fwt", null, null, fwt);
            Row("forgetting_chaudhry", null, null, metrics.ChaudhryForgetting);
            Row("forgetting_avalanche", null, null, metrics.AvalancheForgetting);
            for (int i = 0; i < record.Tasks; i++)
            {
                for (int j = 0; j < record.Tasks; j++)
                    Row(key, i, j, record.AccuracyMatrix[i][j]);
            }

            if (record.BaselineAccuracy is { } baseline)
            {
                for (int j = 0; j < baseline.Count; j++)
                    Row("baseline_" + key, null, j, baseline[j]);
            }

            for (int i = 0; i < metrics.SeenAccuracy.Count; i++)
                Row("seen_" + key, i, null, metrics.SeenAccuracy[i]);
            for (int j = 0; j < metrics.ChaudhryForgettingPerTask.Count; j++)
                Row("forgetting_chaudhry", null, j, metrics.ChaudhryForgettingPerTask[j]);
            for (int j = 0; j < metrics.AvalancheForgettingPerTask.Count; j++)
                Row("forgetting_avalanche", null, j, metrics.AvalancheForgettingPerTask[j]);
            foreach (TaskTimingRecord timing in record.Timings)
            {
                Row("train_seconds", timing.Task, null, timing.TrainSeconds);
                Row("consolidate_seconds", timing.Task, null, timing.ConsolidateSeconds);
                Row("evaluate_seconds", timing.Task, null, timing.EvaluateSeconds);
                Row("curve_seconds", timing.Task, null, timing.CurveSeconds);
                Row("task_seconds", timing.Task, null, timing.TotalSeconds);
            }

            Row("baseline_seconds", null, null, record.BaselineSeconds);
            Row("total_seconds", null, null, record.TotalSeconds);
        });
    }

    /// <summary>
    /// The learning curves as rows <c>step,trained_task,epoch,train_loss,boundary,eval_task,accuracy</c>: one row per
    /// evaluation point and evaluated task. <c>step</c> counts optimizer steps over the whole run (0 = untrained);
    /// <c>train_loss</c> is the mean loss of the steps since the previous point (empty at step 0); <c>boundary</c> is
    /// true for the end of a task (its accuracy-matrix row) and for step 0.
    /// </summary>
    public static string Curves(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(csv =>
        {
            csv.WriteHeader(["step", "trained_task", "epoch", "train_loss", "boundary", "eval_task", record.Format.Key]);
            foreach (CurvePoint point in record.Curves.Points)
            {
                for (int j = 0; j < point.Accuracy.Count; j++)
                {
                    csv.WriteField(point.Step.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(point.Task.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(point.Epoch.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(point.TrainLoss is double loss ? Number(loss) : "");
                    csv.WriteField(point.Boundary ? "true" : "false");
                    csv.WriteField(j.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(Number(point.Accuracy[j]));
                    csv.EndRecord();
                }
            }
        });
    }

    /// <summary>Writes both files into <paramref name="runFolder"/>; returns their paths.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static IReadOnlyList<string> WriteAll(RunRecord record, string runFolder)
    {
        string metrics = Path.Combine(runFolder, MetricsFileName);
        string curves = Path.Combine(runFolder, CurvesFileName);
        AtomicFile.WriteAllText(metrics, Metrics(record));
        AtomicFile.WriteAllText(curves, Curves(record));
        return [metrics, curves];
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Write(Action<CsvWriter> fill)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (CsvWriter csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            fill(csv);
        }

        return text.ToString();
    }
}
