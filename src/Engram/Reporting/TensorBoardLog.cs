using System.Globalization;
using System.Text.Json;
using Engram.Metrics;
using TorchSharp.Utils.tensorboard.Enums;
using static TorchSharp.torch;

namespace Engram.Reporting;

/// <summary>
/// TensorBoard event files of a run, written with TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c> into the
/// run folder's <c>tensorboard/</c> (browse with <c>tensorboard --logdir runs</c>). Drawn from the record after the
/// run, into a temporary folder that then replaces <c>tensorboard/</c>, so the folder is never half written and
/// <c>report</c> can rewrite it.
/// </summary>
/// <remarks>
/// Scalars: <c>accuracy/task_j</c> (<c>mse/task_j</c> for regression) and <c>loss/train</c> over the run's optimizer steps (the learning curves);
/// <c>after_task/task_j</c> and <c>after_task/seen_accuracy</c> over tasks trained (x = i, the accuracy-matrix rows);
/// <c>metrics/acc</c>, <c>metrics/bwt</c>, <c>metrics/fwt</c>, <c>metrics/forgetting_chaudhry</c>,
/// <c>metrics/forgetting_avalanche</c> at the last task; <c>time/task_seconds</c> per task. Histograms:
/// <c>significance/&lt;layer&gt;</c>, log10 importance per layer after each task, rebuilt from the recorded bins
/// (each entry at its bin's centre). Text: <c>config</c>, the resolved configuration. Images: the run's PNG figures.
/// All events carry the run's start time as wall time.
/// </remarks>
public static class TensorBoardLog
{
    /// <summary>Folder inside the run folder.</summary>
    public const string FolderName = "tensorboard";

    /// <summary>Writes the event files for <paramref name="record"/>; returns the folder.</summary>
    /// <param name="record">The run.</param>
    /// <param name="runFolder">The run folder; its PNG figures, where present, go in as images.</param>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static string Write(RunRecord record, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(record);
        TorchRuntime.EnsureLoaded();
        string target = Path.Combine(runFolder, FolderName);
        AtomicFile.ReplaceDirectory(target, folder => Fill(record, runFolder, folder));
        return target;
    }

    private static void Fill(RunRecord record, string runFolder, string folder)
    {
        var writer = utils.tensorboard.SummaryWriter(folder, filename_suffix: "engram");
        long wall = record.StartedUtc.ToUnixTimeSeconds();
        ContinualMetrics metrics = record.ComputeMetrics();
        string key = record.Format.Key;

        foreach (CurvePoint point in record.Curves.Points)
        {
            for (int j = 0; j < point.Accuracy.Count; j++)
                writer.add_scalar($"{key}/task_{j}", (float)point.Accuracy[j], point.Step, wall);
            if (point.TrainLoss is double loss)
                writer.add_scalar("loss/train", (float)loss, point.Step, wall);
        }

        for (int i = 0; i < record.Tasks; i++)
        {
            for (int j = 0; j < record.Tasks; j++)
                writer.add_scalar($"after_task/task_{j}", (float)record.AccuracyMatrix[i][j], i, wall);
            writer.add_scalar($"after_task/seen_{key}", (float)metrics.SeenAccuracy[i], i, wall);
        }

        int last = record.Tasks - 1;
        writer.add_scalar(record.Format.IsAccuracy ? "metrics/acc" : "metrics/mean_final_mse", (float)metrics.Acc, last, wall);
        writer.add_scalar("metrics/bwt", (float)metrics.Bwt, last, wall);
        if (metrics.Fwt is double fwt)
            writer.add_scalar("metrics/fwt", (float)fwt, last, wall);
        writer.add_scalar("metrics/forgetting_chaudhry", (float)metrics.ChaudhryForgetting, last, wall);
        writer.add_scalar("metrics/forgetting_avalanche", (float)metrics.AvalancheForgetting, last, wall);
        foreach (TaskTimingRecord timing in record.Timings)
            writer.add_scalar("time/task_seconds", (float)timing.TotalSeconds, timing.Task, wall);

        foreach (SignificanceHistogram histogram in record.Significance)
        {
            int bins = histogram.Parameters.Count == 0 ? 0 : histogram.Parameters[0].Counts.Count;
            double width = bins == 0 ? 1 : (histogram.Log10Max - histogram.Log10Min) / bins;
            foreach (IGrouping<string, ParameterHistogram> layer in histogram.Parameters.GroupBy(p => Layer(p.Name)))
            {
                var centres = new List<double>();
                for (int b = 0; b < bins; b++)
                {
                    long count = layer.Sum(p => p.Counts[b]);
                    for (long n = 0; n < count; n++)
                        centres.Add(histogram.Log10Min + (b + 0.5) * width);
                }

                if (centres.Count == 0)
                    continue;
                using var scope = NewDisposeScope();
                writer.add_histogram($"significance/{layer.Key}", tensor(centres.ToArray()), histogram.Task, HistogramBinSelector.Tensorflow, null, wall);
            }
        }

        writer.add_text("config", "```json\n" + JsonSerializer.Serialize(record.Config, ResultsFile.Options) + "\n```", 0, wall);
        writer.add_text("run", string.Create(CultureInfo.InvariantCulture,
            $"{record.Experiment}, seed {record.Seed}, {Counts.Of(record.Tasks, "task")}, started {record.StartedUtc:u}, {record.TotalSeconds:0.0} s"), 0, wall);

        foreach (string name in new[] { Plots.AccuracyMatrixFileName, Plots.LearningCurvesFileName, Plots.TaskAccuracyFileName, Plots.SignificanceFileName })
        {
            string png = Path.Combine(runFolder, name);
            if (File.Exists(png))
                writer.add_img($"figures/{Path.GetFileNameWithoutExtension(name)}", png, 0, wall);
        }
    }

    private static string Layer(string parameter) => parameter.Contains('.', StringComparison.Ordinal) ? parameter[..parameter.LastIndexOf('.')] : parameter;
}
