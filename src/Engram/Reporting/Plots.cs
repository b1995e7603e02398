using System.Globalization;
using Engram.Metrics;
using ScottPlot;

namespace Engram.Reporting;

/// <summary>
/// The PNG figures of a run and of a comparison, drawn with ScottPlot from <see cref="RunRecord"/>s alone (so
/// <c>report</c> can redraw them). Accuracies are shown in percent on a fixed 0-100 scale so that figures of
/// different runs compare by eye.
/// </summary>
public static class Plots
{
    /// <summary>File name of the accuracy-matrix heat map.</summary>
    public const string AccuracyMatrixFileName = "accuracy-matrix.png";

    /// <summary>File name of the learning curves.</summary>
    public const string LearningCurvesFileName = "learning-curves.png";

    /// <summary>File name of the per-task accuracy after each task.</summary>
    public const string TaskAccuracyFileName = "task-accuracy.png";

    /// <summary>File name of the significance (importance) histograms.</summary>
    public const string SignificanceFileName = "significance.png";

    /// <summary>File name of a comparison's overlay figure.</summary>
    public const string CompareFileName = "compare.png";

    private const string Font = "DejaVu Sans";

    private static readonly double[] Percents = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    /// <summary>DejaVu Sans where the system has it (Debian's fonts-dejavu-core); otherwise ScottPlot's default font.</summary>
    private static readonly bool HasFont = Fonts.GetTypeface(Font, bold: false, italic: false) is { } typeface
        && string.Equals(typeface.FamilyName, Font, StringComparison.Ordinal);

    /// <summary>
    /// Heat map of R[i, j] with every cell's value written in it: row i (top to bottom) = trained through task i,
    /// column j = evaluated on task j. Colour scale fixed to 0-100%.
    /// </summary>
    public static byte[] AccuracyMatrix(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        int tasks = record.Tasks;
        MetricFormat f = record.Format;
        var values = new double[tasks, tasks];
        for (int i = 0; i < tasks; i++)
        {
            for (int j = 0; j < tasks; j++)
                values[i, j] = f.Plotted(record.AccuracyMatrix[i][j]);
        }

        double top = f.IsAccuracy ? 100 : Math.Max(1e-12, values.Cast<double>().Max());
        Plot plot = NewPlot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, top);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = f.IsAccuracy ? "accuracy (%)" : "test MSE";
        float size = tasks <= 6 ? 16 : tasks <= 10 ? 11 : 8;
        for (int i = 0; i < tasks; i++)
        {
            for (int j = 0; j < tasks; j++)
            {
                // The heat map draws row 0 at the top: row i sits at y = T-1-i.
                var text = plot.Add.Text(values[i, j].ToString(f.IsAccuracy ? "0.0" : "G3", CultureInfo.InvariantCulture), j, tasks - 1 - i);
                text.LabelFontSize = size;
                if (HasFont)
                    text.LabelFontName = Font;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = values[i, j] > 0.6 * top ? Colors.Black : Colors.White;
            }
        }

        double[] positions = Enumerable.Range(0, tasks).Select(k => (double)k).ToArray();
        plot.Axes.Bottom.SetTicks(positions, positions.Select(p => $"task {p}").ToArray());
        plot.Axes.Left.SetTicks(positions, positions.Select(p => $"task {tasks - 1 - p}").ToArray());
        plot.Title(f.IsAccuracy ? $"{record.Experiment}: accuracy matrix R[i, j] (%)" : $"{record.Experiment}: test MSE matrix R[i, j] (lower is better)");
        plot.XLabel("evaluated on task j");
        plot.YLabel("trained through task i");
        plot.Axes.Margins(0, 0);
        return Png(plot, 160 + 110 * Math.Max(tasks, 4), 90 + 90 * Math.Max(tasks, 4));
    }

    /// <summary>
    /// Learning curves: the test accuracy of every task over the run's optimizer steps (one line per task, a point per
    /// evaluation), with each task's training span shaded and its end marked by a dashed line; below, the mean
    /// training loss between evaluations.
    /// </summary>
    public static byte[] LearningCurves(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        LearningCurves curves = record.Curves;
        IReadOnlyList<CurvePoint> points = curves.Points;
        MetricFormat f = record.Format;
        double top = f.IsAccuracy ? 114 : 1.15 * Math.Max(1e-12, points.Count == 0 ? 1 : points.Max(p => p.Accuracy.Max()));
        Plot accuracy = NewPlot();
        Plot loss = NewPlot();
        var rows = new ScottPlot.MultiplotLayouts.DraggableRows();
        var multiplot = new Multiplot(accuracy) { Layout = rows };
        multiplot.AddPlot(loss);
        rows.SetHeights([470, 230]);

        // The same padding in both rows, so that their x axes line up under each other.
        accuracy.Layout.Fixed(new PixelPadding(left: 70, right: 130, bottom: 40, top: 40));
        loss.Layout.Fixed(new PixelPadding(left: 70, right: 130, bottom: 50, top: 10));

        double[] ends = curves.TaskEnds.Select(e => (double)e).ToArray();
        foreach (Plot plot in new[] { accuracy, loss })
        {
            for (int k = 0; k < ends.Length; k++)
            {
                double start = k == 0 ? 0 : ends[k - 1];
                if (k % 2 == 1)
                {
                    var span = plot.Add.HorizontalSpan(start, ends[k]);
                    span.FillStyle.Color = Colors.Gray.WithAlpha(0.12);
                    span.LineStyle.Width = 0;
                }

                if (k < ends.Length - 1)
                {
                    var line = plot.Add.VerticalLine(ends[k]);
                    line.LinePattern = LinePattern.Dashed;
                    line.LineWidth = 1;
                    line.Color = Colors.Gray;
                }
            }
        }

        for (int k = 0; k < ends.Length; k++)
        {
            double middle = ((k == 0 ? 0 : ends[k - 1]) + ends[k]) / 2;
            var label = accuracy.Add.Text($"training task {k}", middle, top * 0.985);
            label.LabelAlignment = Alignment.UpperCenter;
            label.LabelFontSize = 12;
            if (HasFont)
                label.LabelFontName = Font;
            label.LabelFontColor = Colors.DimGray;
        }

        for (int j = 0; j < record.Tasks; j++)
        {
            double[] xs = points.Select(p => (double)p.Step).ToArray();
            double[] ys = points.Select(p => f.Plotted(p.Accuracy[j])).ToArray();
            var series = accuracy.Add.Scatter(xs, ys, Palette(j));
            series.LegendText = $"task {j}";
            series.LineWidth = 2;
            series.MarkerSize = points.Count > 80 ? 0 : 5;
        }

        accuracy.Title($"{record.Experiment}: test {f.Name} of every task during training"
            + (curves.Every > 0 ? $" ({MarkdownReport.Every(curves.Every, "step")}{(curves.Samples > 0 ? $", {Counts.Of(curves.Samples, "test sample")} per task inside a task" : "")})" : " (task boundaries only)"));
        accuracy.YLabel(f.AxisLabel);
        accuracy.Axes.SetLimitsY(0, top);
        if (f.IsAccuracy)
            accuracy.Axes.Left.SetTicks(Percents, Percents.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray());
        accuracy.ShowLegend(Edge.Right);

        CurvePoint[] lossPoints = points.Where(p => p.TrainLoss is not null).ToArray();
        if (lossPoints.Length > 0)
        {
            var series = loss.Add.Scatter(lossPoints.Select(p => (double)p.Step).ToArray(), lossPoints.Select(p => p.TrainLoss!.Value).ToArray(), Colors.Black);
            series.LineWidth = 1.5f;
            series.MarkerSize = 3;
        }

        loss.XLabel("optimizer step (whole run)");
        loss.YLabel("train loss");
        double right = ends.Length > 0 ? ends[^1] : 1;
        accuracy.Axes.SetLimitsX(0, right);
        loss.Axes.SetLimitsX(0, right);
        loss.Axes.SetLimitsY(0, lossPoints.Length == 0 ? 1 : lossPoints.Max(p => p.TrainLoss!.Value) * 1.1);
        multiplot.SharedAxes.ShareX([accuracy, loss]);
        return Png(multiplot, 1100, 700);
    }

    /// <summary>
    /// Per-task accuracy after each task: for every task j a line of R[i, j] over i &gt;= j (from the moment it is
    /// learned), the untrained model's accuracy as a grey dotted line, and the mean accuracy over the tasks seen so
    /// far as a thick black line.
    /// </summary>
    public static byte[] TaskAccuracy(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        int tasks = record.Tasks;
        ContinualMetrics metrics = record.ComputeMetrics();
        MetricFormat f = record.Format;
        Plot plot = NewPlot();
        for (int j = 0; j < tasks; j++)
        {
            double[] xs = Enumerable.Range(j, tasks - j).Select(i => (double)i).ToArray();
            double[] ys = Enumerable.Range(j, tasks - j).Select(i => f.Plotted(record.AccuracyMatrix[i][j])).ToArray();
            var series = plot.Add.Scatter(xs, ys, Palette(j));
            series.LegendText = $"task {j}";
            series.LineWidth = 2;
            series.MarkerSize = 8;
        }

        var seen = plot.Add.Scatter(Enumerable.Range(0, tasks).Select(i => (double)i).ToArray(), metrics.SeenAccuracy.Select(f.Plotted).ToArray(), Colors.Black);
        seen.LegendText = "mean over seen tasks";
        seen.LineWidth = 3.5f;
        seen.LinePattern = LinePattern.Dashed;
        seen.MarkerSize = 9;
        seen.MarkerShape = MarkerShape.FilledSquare;
        if (record.BaselineAccuracy is { } baseline)
        {
            var chance = plot.Add.HorizontalLine(f.Plotted(baseline.Average()));
            chance.LinePattern = LinePattern.Dotted;
            chance.Color = Colors.Gray;
            chance.LineWidth = 1.5f;
            chance.LegendText = "untrained model (mean)";
        }

        double[] positions = Enumerable.Range(0, tasks).Select(k => (double)k).ToArray();
        plot.Axes.Bottom.SetTicks(positions, positions.Select(p => $"task {p}").ToArray());
        plot.Axes.SetLimitsX(-0.3, tasks - 0.7);
        if (f.IsAccuracy)
        {
            plot.Axes.SetLimitsY(0, 102);
            plot.Axes.Left.SetTicks(Percents, Percents.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        else
        {
            double highest = Math.Max(record.AccuracyMatrix.SelectMany(r => r).Max(), record.BaselineAccuracy?.Average() ?? 0);
            plot.Axes.SetLimitsY(0, 1.1 * Math.Max(1e-12, highest));
        }

        plot.Title($"{record.Experiment}: {f.Name} on each task after training through task i");
        plot.XLabel("trained through task i");
        plot.YLabel(f.AxisLabel);
        plot.ShowLegend(Edge.Right);
        return Png(plot, 1000, 560);
    }

    /// <summary>
    /// Significance histograms: for the last recorded importance estimate (solid) and the first (dashed, when there
    /// are several), the distribution of log10(importance) per layer (weight and bias entries together), as a
    /// fraction of the layer's entries; the legend gives each layer's share of exact zeros. Null when the run recorded
    /// no estimate.
    /// </summary>
    public static byte[]? Significance(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Significance.Count == 0)
            return null;
        SignificanceHistogram last = record.Significance[^1];
        SignificanceHistogram? first = record.Significance.Count > 1 ? record.Significance[0] : null;
        Plot plot = NewPlot();
        string[] layers = last.Parameters.Select(p => Layer(p.Name)).Distinct().ToArray();
        for (int l = 0; l < layers.Length; l++)
        {
            if (first is not null)
                AddHistogram(plot, first, layers[l], Palette(l), dashed: true, $"{layers[l]} after task {first.Task}");
            AddHistogram(plot, last, layers[l], Palette(l), dashed: false, $"{layers[l]} after task {last.Task}");
        }

        plot.Title($"{record.Experiment}: {last.Estimator} Fisher information per layer (log10 histogram, {Counts.Of(last.Samples, "sample")})");
        plot.XLabel("log10 importance");
        plot.YLabel("share of the layer's entries (%)");
        plot.ShowLegend(Edge.Right);
        double highest = record.Significance.SelectMany(h => h.Parameters.GroupBy(p => Layer(p.Name)))
            .Max(layer => Enumerable.Range(0, layer.First().Counts.Count).Max(b => 100.0 * layer.Sum(p => p.Counts[b]) / Math.Max(1, layer.Sum(p => p.Count))));
        plot.Axes.SetLimitsY(0, Math.Max(1, highest * 1.08));
        return Png(plot, 1150, 560);
    }

    /// <summary>
    /// The overlay figure of a comparison, one colour per run: the mean accuracy on the tasks seen so far after each
    /// task; the final accuracy on every task (R[T-1, j]); and the learning curve of task 0 over training, where
    /// forgetting shows as a falling line.
    /// </summary>
    /// <param name="runs">The runs with the label to show for each.</param>
    public static byte[] Compare(IReadOnlyList<(string Label, RunRecord Record)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Plot seen = NewPlot();
        Plot final = NewPlot();
        Plot first = NewPlot();
        var multiplot = new Multiplot(seen) { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        multiplot.AddPlot(final);
        multiplot.AddPlot(first);
        int tasks = runs.Max(r => r.Record.Tasks);
        MetricFormat shown = runs[0].Record.Format;
        for (int r = 0; r < runs.Count; r++)
        {
            RunRecord record = runs[r].Record;
            MetricFormat f = record.Format;
            ContinualMetrics metrics = record.ComputeMetrics();
            double[] xs = Enumerable.Range(0, record.Tasks).Select(i => (double)i).ToArray();
            var a = seen.Add.Scatter(xs, metrics.SeenAccuracy.Select(f.Plotted).ToArray(), Palette(r));
            a.LegendText = runs[r].Label;
            a.LineWidth = 2.5f;
            a.MarkerSize = 8;
            var b = final.Add.Scatter(xs, record.AccuracyMatrix[^1].Select(f.Plotted).ToArray(), Palette(r));
            b.LegendText = $"{runs[r].Label} ({f.AccName} {f.Value(metrics.Acc)})";
            b.LineWidth = 2.5f;
            b.MarkerSize = 8;
            CurvePoint[] points = record.Curves.Points.ToArray();
            if (points.Length > 0)
            {
                var c = first.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => f.Plotted(p.Accuracy[0])).ToArray(), Palette(r));
                c.LegendText = runs[r].Label;
                c.LineWidth = 2;
                c.MarkerSize = points.Length > 80 ? 0 : 4;
                foreach (int end in record.Curves.TaskEnds.Take(Math.Max(0, record.Curves.TaskEnds.Count - 1)))
                {
                    var line = first.Add.VerticalLine(end);
                    line.LinePattern = LinePattern.Dashed;
                    line.LineWidth = 1;
                    line.Color = Colors.Gray.WithAlpha(0.6);
                }
            }
            else
            {
                var c = first.Add.Scatter(xs, Enumerable.Range(0, record.Tasks).Select(i => f.Plotted(record.AccuracyMatrix[i][0])).ToArray(), Palette(r));
                c.LegendText = runs[r].Label + " (rows)";
            }
        }

        double[] positions = Enumerable.Range(0, tasks).Select(k => (double)k).ToArray();
        string[] labels = positions.Select(p => $"task {p}").ToArray();
        seen.Axes.Bottom.SetTicks(positions, labels);
        final.Axes.Bottom.SetTicks(positions, labels);
        seen.Title($"Mean {shown.Name} on the tasks seen so far");
        seen.XLabel("trained through task i");
        final.Title($"Final {shown.Name} on each task");
        final.XLabel("evaluated on task j (after the last task)");
        first.Title("Task 0 during training");
        first.XLabel("optimizer step (dashed: task boundaries)");
        foreach (Plot plot in new[] { seen, final, first })
        {
            plot.YLabel(shown.AxisLabel);
            if (shown.IsAccuracy)
            {
                plot.Axes.SetLimitsY(0, 102);
                plot.Axes.Left.SetTicks(Percents, Percents.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray());
            }

            plot.ShowLegend(shown.IsAccuracy ? Alignment.LowerLeft : Alignment.UpperLeft);
        }

        seen.Axes.SetLimitsX(-0.3, tasks - 0.7);
        final.Axes.SetLimitsX(-0.3, tasks - 0.7);
        return Png(multiplot, 1650, 560);
    }

    /// <summary>Writes the run's figures into <paramref name="runFolder"/> atomically; returns the paths written.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static IReadOnlyList<string> WriteAll(RunRecord record, string runFolder)
    {
        var written = new List<string>();
        void Write(string name, byte[]? png)
        {
            if (png is null)
                return;
            string path = Path.Combine(runFolder, name);
            AtomicFile.WriteAllBytes(path, png);
            written.Add(path);
        }

        Write(AccuracyMatrixFileName, AccuracyMatrix(record));
        Write(LearningCurvesFileName, LearningCurves(record));
        Write(TaskAccuracyFileName, TaskAccuracy(record));
        Write(SignificanceFileName, Significance(record));
        return written;
    }

    private static void AddHistogram(Plot plot, SignificanceHistogram histogram, string layer, Color color, bool dashed, string legend)
    {
        ParameterHistogram[] parts = histogram.Parameters.Where(p => Layer(p.Name) == layer).ToArray();
        if (parts.Length == 0)
            return;
        int bins = parts[0].Counts.Count;
        double width = (histogram.Log10Max - histogram.Log10Min) / bins;
        long total = parts.Sum(p => p.Count);
        long zeros = parts.Sum(p => p.Zeros);
        double[] xs = Enumerable.Range(0, bins).Select(b => histogram.Log10Min + (b + 0.5) * width).ToArray();
        double[] ys = Enumerable.Range(0, bins).Select(b => 100.0 * parts.Sum(p => p.Counts[b]) / total).ToArray();
        var series = plot.Add.Scatter(xs, ys, color);
        series.LegendText = $"{legend} ({100.0 * zeros / total:0.#}% zeros)";
        series.LineWidth = dashed ? 1.5f : 2.5f;
        series.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
        series.MarkerSize = 0;
        series.ConnectStyle = ConnectStyle.StepHorizontal;
    }

    /// <summary>"layers.2.weight" -&gt; "layers.2": the module that owns the parameter.</summary>
    private static string Layer(string parameter) => parameter.Contains('.', StringComparison.Ordinal) ? parameter[..parameter.LastIndexOf('.')] : parameter;

    private static Color Palette(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (HasFont)
            plot.Font.Set(Font);
        return plot;
    }

    private static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);

    private static byte[] Png(Multiplot multiplot, int width, int height)
    {
        foreach (Plot plot in multiplot.GetPlots())
        {
            if (HasFont)
                plot.Font.Set(Font);
        }

        return multiplot.Render(width, height).GetImageBytes(ImageFormat.Png);
    }
}
