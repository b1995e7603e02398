using System.Globalization;
using System.Text;
using System.Text.Json;
using Engram.Masks;
using Engram.Metrics;

namespace Engram.Reporting;

/// <summary>
/// <c>report.md</c>: a run's metrics, accuracy matrix, per-task forgetting and timings as Markdown tables, with the
/// PNG figures embedded by relative link (they sit next to it in the run folder), the configuration, the machine
/// and the package versions. Drawn from the record alone.
/// </summary>
public static class MarkdownReport
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "report.md";

    /// <summary>The report's text. Figures that are not in <paramref name="figures"/> are not linked.</summary>
    /// <param name="record">The run.</param>
    /// <param name="figures">File names of the figures present next to the report.</param>
    public static string Render(RunRecord record, IReadOnlyCollection<string> figures)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(figures);
        ContinualMetrics metrics = record.ComputeMetrics();
        MetricFormat f = record.Format;
        int tasks = record.Tasks;
        var md = new StringBuilder();
        md.AppendLine($"# {record.Experiment}");
        md.AppendLine();
        string where = record.Machine is { } machine ? $" ({Counts.Of(machine.Threads, "libtorch thread")} on {machine.Cpu ?? machine.Architecture})" : "";
        md.AppendLine(Invariant($"Seed {record.Seed}, {Counts.Of(tasks, "task")}, started {record.StartedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {record.TotalSeconds:0.0} s wall{where}."));
        if (record.DataSource.Length > 0)
            md.AppendLine($"Data: `{record.DataSource}`.");
        md.AppendLine();

        md.AppendLine("## Metrics");
        md.AppendLine();
        md.AppendLine("| metric | value | definition |");
        md.AppendLine("|---|---:|---|");
        if (f.IsAccuracy)
        {
            md.AppendLine($"| ACC | {f.Value(metrics.Acc)} | mean final accuracy, mean_j R[T-1, j] (Lopez-Paz & Ranzato 2017) |");
            md.AppendLine($"| BWT | {f.Difference(metrics.Bwt)} | mean over j < T-1 of R[T-1, j] - R[j, j]; negative = forgetting |");
            md.AppendLine($"| FWT | {(metrics.Fwt is double fwt ? f.Difference(fwt) : "n/a (no baseline)")} | mean over j >= 1 of R[j-1, j] - b_j, b_j the untrained model's accuracy |");
            md.AppendLine($"| Forgetting (Chaudhry) | {f.Difference(metrics.ChaudhryForgetting)} | mean over j < T-1 of max_(l<T-1) R[l, j] - R[T-1, j] (Chaudhry et al. 2018) |");
            md.AppendLine($"| Forgetting (Avalanche) | {f.Difference(metrics.AvalancheForgetting)} | mean over j < T-1 of R[j, j] - R[T-1, j] (= -BWT) |");
            md.AppendLine();
            md.AppendLine("pp = percentage points.");
        }
        else
        {
            md.AppendLine($"| mean final MSE | {f.Value(metrics.Acc)} | mean_j R[T-1, j], R the test MSE (lower is better) |");
            md.AppendLine($"| BWT | {f.Difference(metrics.Bwt)} | mean over j < T-1 of R[T-1, j] - R[j, j]; positive = the error grew (forgetting) |");
            md.AppendLine($"| FWT | {(metrics.Fwt is double fwt ? f.Difference(fwt) : "n/a (no baseline)")} | mean over j >= 1 of R[j-1, j] - b_j, b_j the untrained model's MSE; negative = earlier tasks help |");
            md.AppendLine($"| Forgetting (Chaudhry) | {f.Difference(metrics.ChaudhryForgetting)} | mean over j < T-1 of R[T-1, j] - min_(l<T-1) R[l, j] |");
            md.AppendLine($"| Forgetting (Avalanche) | {f.Difference(metrics.AvalancheForgetting)} | mean over j < T-1 of R[T-1, j] - R[j, j] (= BWT) |");
        }

        md.AppendLine();

        md.AppendLine("## Accuracy matrix");
        md.AppendLine();
        md.AppendLine($"R[i, j]: test {f.Name} on task j (column) after training through task i (row); the last column is the mean over the tasks seen so far (j <= i).");
        md.AppendLine();
        md.Append("| trained through |");
        for (int j = 0; j < tasks; j++)
            md.Append($" task {j} |");
        md.AppendLine(" seen-task mean |");
        md.Append("|---|");
        md.Append(string.Concat(Enumerable.Repeat("---:|", tasks + 1)));
        md.AppendLine();
        if (record.BaselineAccuracy is { } baseline)
            md.AppendLine("| untrained (b_j) | " + string.Join(" | ", baseline.Select(f.Value)) + " | |");
        for (int i = 0; i < tasks; i++)
            md.AppendLine($"| task {i} | " + string.Join(" | ", record.AccuracyMatrix[i].Select(f.Value)) + $" | {f.Value(metrics.SeenAccuracy[i])} |");
        md.AppendLine();
        Figure(md, figures, Plots.AccuracyMatrixFileName, "Accuracy matrix heat map");

        md.AppendLine("## Learning curves");
        md.AppendLine();
        string scored = record.Curves.Samples > 0
            ? $" Points inside a task score a fixed random subset of {Counts.Of(record.Curves.Samples, "test sample")} per task; step 0 and the task ends score the whole test sets."
            : "";
        md.AppendLine(record.Curves.Every > 0
            ? $"Every task's test {f.Name} {Every(record.Curves.Every, "optimizer step")} and at the end of each task (shaded spans and dashed lines: task boundaries); below, the mean training loss (task loss plus penalties) between evaluations.{scored}"
            : "Every task's test set evaluated at the task boundaries only.");
        md.AppendLine();
        Figure(md, figures, Plots.LearningCurvesFileName, "Learning curves");

        md.AppendLine($"## {(f.IsAccuracy ? "Accuracy" : "MSE")} on each task after each task");
        md.AppendLine();
        Figure(md, figures, Plots.TaskAccuracyFileName, "Per-task accuracy after each task");

        if (tasks > 1)
        {
            md.AppendLine("## Forgetting per task");
            md.AppendLine();
            md.AppendLine("| task | just trained R[j, j] | best before the last task | final R[T-1, j] | forgetting (Chaudhry) | forgetting (Avalanche) |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            for (int j = 0; j < tasks - 1; j++)
            {
                IEnumerable<double> earlier = Enumerable.Range(0, tasks - 1).Select(l => record.AccuracyMatrix[l][j]);
                double best = f.IsAccuracy ? earlier.Max() : earlier.Min();
                md.AppendLine($"| task {j} | {f.Value(record.AccuracyMatrix[j][j])} | {f.Value(best)} | {f.Value(record.AccuracyMatrix[^1][j])} | "
                    + $"{f.Difference(metrics.ChaudhryForgettingPerTask[j])} | {f.Difference(metrics.AvalancheForgettingPerTask[j])} |");
            }

            md.AppendLine();
        }

        if (record.Significance.Count > 0)
        {
            md.AppendLine("## Significance");
            md.AppendLine();
            md.AppendLine($"The {record.Significance[0].Estimator} Fisher information the run consolidated after each task, per parameter tensor "
                + "(after the first and the last task here; every task's histograms are in results.json).");
            md.AppendLine();
            Figure(md, figures, Plots.SignificanceFileName, "Significance histograms");
            md.AppendLine("| after task | parameter | entries | max | mean | zeros |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|");
            foreach (SignificanceHistogram histogram in record.Significance.Count > 1 ? [record.Significance[0], record.Significance[^1]] : record.Significance)
            {
                foreach (ParameterHistogram p in histogram.Parameters)
                    md.AppendLine(Invariant($"| {histogram.Task} | {p.Name} | {p.Count} | {p.Max:0.###e+0} | {p.Mean:0.###e+0} | {100.0 * p.Zeros / Math.Max(1, p.Count):0.#}% |"));
            }

            md.AppendLine();
        }

        if (record.Masks.Count > 0)
        {
            md.AppendLine("## Gradient mask");
            md.AppendLine();
            md.AppendLine("After each task's update: per layer (0 = input side, last = output layer) the share of parameters frozen (all tasks so far), the neurons whose incoming weights and bias are all frozen, and the Jaccard overlap of this task's selection with the previous task's.");
            md.AppendLine();
            md.AppendLine("| after task | layer | frozen | frozen neurons | overlap with previous |");
            md.AppendLine("|---:|---:|---:|---:|---:|");
            foreach (MaskReport mask in record.Masks)
            {
                foreach (LayerMaskReport layer in mask.Layers)
                    md.AppendLine(Invariant($"| {mask.Task} | {layer.Layer} | {100.0 * layer.Frozen / Math.Max(1, layer.Parameters):0.0}% of {layer.Parameters} | {layer.FrozenNeurons} of {layer.Neurons} | {(layer.OverlapWithPrevious is double o ? o.ToString("0.000", CultureInfo.InvariantCulture) : "-")} |"));
            }

            md.AppendLine();
        }

        if (record.Sparsity.Count > 0)
        {
            IReadOnlyList<LayerSparsity> last = record.Sparsity[^1];
            md.AppendLine("## Sparsity after the last task");
            md.AppendLine();
            md.AppendLine(Invariant($"Per layer, weights with |w| < {Metrics.Sparsity.Epsilon:0.###} and neurons whose incoming weights all are (dead)."));
            md.AppendLine();
            md.AppendLine("| layer | near-zero weights | dead neurons |");
            md.AppendLine("|---:|---:|---:|");
            foreach (LayerSparsity layer in last)
                md.AppendLine(Invariant($"| {layer.Layer} | {100.0 * layer.NearZero / Math.Max(1, layer.Weights):0.0}% of {layer.Weights} | {layer.DeadNeurons} of {layer.Neurons} |"));
            md.AppendLine();
        }

        md.AppendLine("## Wall time per task");
        md.AppendLine();
        md.AppendLine("| task | train s | consolidate s | evaluate s | curves s | total s |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (TaskTimingRecord t in record.Timings)
            md.AppendLine(Invariant($"| task {t.Task} | {t.TrainSeconds:0.00} | {t.ConsolidateSeconds:0.00} | {t.EvaluateSeconds:0.00} | {t.CurveSeconds:0.00} | {t.TotalSeconds:0.00} |"));
        md.AppendLine();
        md.AppendLine(Invariant($"Untrained-model evaluation {record.BaselineSeconds:0.00} s; whole run {record.TotalSeconds:0.00} s (including loading the data and building the model)."));
        md.AppendLine();

        md.AppendLine("## Configuration");
        md.AppendLine();
        md.AppendLine("| setting | value |");
        md.AppendLine("|---|---|");
        if (record.Config.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in record.Config.EnumerateObject())
                md.AppendLine($"| {property.Name} | `{property.Value.GetRawText().Replace("\n", " ", StringComparison.Ordinal).Replace("  ", "", StringComparison.Ordinal)}` |");
        }

        md.AppendLine();
        md.AppendLine("## Machine and packages");
        md.AppendLine();
        if (record.Machine is { } m)
        {
            md.AppendLine(Invariant($"- {m.Os}, {m.Architecture}, {m.Cpu ?? "unknown CPU"}, {Counts.Of(m.ProcessorCount, "logical processor")}, {m.MemoryGiB:0.#} GiB"));
            md.AppendLine($"- {m.Dotnet}, {Counts.Of(m.Threads, "libtorch thread")}");
        }

        foreach (KeyValuePair<string, string> package in record.Packages)
            md.AppendLine($"- {package.Key} {package.Value}");
        md.AppendLine();
        md.AppendLine("## Files");
        md.AppendLine();
        md.AppendLine($"- `{ResultsFile.FileName}`: everything above, schema version {record.SchemaVersion}");
        md.AppendLine($"- `{CsvFiles.MetricsFileName}`: metrics in long form (metric, after_task, on_task, value)");
        md.AppendLine($"- `{CsvFiles.CurvesFileName}`: learning curves in long form (step, trained_task, epoch, train_loss, boundary, eval_task, accuracy)");
        md.AppendLine($"- `{TensorBoardLog.FolderName}/`: TensorBoard event files (`tensorboard --logdir {TensorBoardLog.FolderName}`)");
        return md.ToString();
    }

    /// <summary>Writes report.md into <paramref name="runFolder"/> atomically, linking the figures present there; returns its path.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static string Write(RunRecord record, string runFolder)
    {
        string[] figures = new[] { Plots.AccuracyMatrixFileName, Plots.LearningCurvesFileName, Plots.TaskAccuracyFileName, Plots.SignificanceFileName }
            .Where(name => File.Exists(Path.Combine(runFolder, name))).ToArray();
        string path = Path.Combine(runFolder, FileName);
        AtomicFile.WriteAllText(path, Render(record, figures));
        return path;
    }

    /// <summary>A fraction as a percentage with two decimals, e.g. "85.26%".</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>A difference of fractions in signed percentage points, e.g. "-1.50 pp".</summary>
    public static string Points(double fraction) => (100 * fraction).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp";

    private static void Figure(StringBuilder md, IReadOnlyCollection<string> figures, string name, string alt)
    {
        if (!figures.Contains(name))
            return;
        md.AppendLine($"![{alt}]({name})");
        md.AppendLine();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"every step" for 1, "every 20 steps" otherwise.</summary>
    internal static string Every(int every, string noun) => every == 1 ? $"every {noun}" : $"every {Counts.Of(every, noun)}";
}
