using System.Globalization;
using System.Text;
using System.Text.Json;
using Engram.Metrics;

namespace Engram.Reporting;

/// <summary>One run in a comparison: the label to show, the folder it came from, its record.</summary>
/// <param name="Label">Short unique name (the experiment, with the folder name when experiments repeat).</param>
/// <param name="Folder">The run folder.</param>
/// <param name="Record">The run's record.</param>
public sealed record ComparedRun(string Label, string Folder, RunRecord Record);

/// <summary>
/// Side-by-side comparison of runs: a metrics table (one column per run), the settings in which their configurations
/// differ, and an overlay figure (<see cref="Plots.Compare"/>). Written as <c>compare.md</c> and
/// <c>compare.png</c>.
/// </summary>
public static class Comparison
{
    /// <summary>File name of the Markdown comparison.</summary>
    public const string FileName = "compare.md";

    /// <summary>Labels the runs: the experiment name, plus the run folder's name where an experiment appears more than once.</summary>
    public static IReadOnlyList<ComparedRun> Label(IReadOnlyList<(string Folder, RunRecord Record)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var labels = runs.Select(r => r.Record.Experiment).ToArray();
        var repeated = labels.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        for (int r = 0; r < runs.Count; r++)
        {
            if (repeated.Contains(runs[r].Record.Experiment))
                labels[r] = $"{runs[r].Record.Experiment} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runs[r].Folder)))})";
        }

        for (int r = 0; r < runs.Count; r++)
        {
            if (labels.Take(r).Contains(labels[r]))
                labels[r] = $"{labels[r]} #{r + 1}";
        }

        return runs.Select((run, r) => new ComparedRun(labels[r], run.Folder, run.Record)).ToArray();
    }

    /// <summary>
    /// Warnings about runs made under different conditions, one line each (empty when there is none): different
    /// libtorch thread counts (the numbers depend on the thread count: libtorch sums in another order), different
    /// seeds, different data sets, and different tasks (task j named differently in two runs, e.g. a split-MNIST run
    /// against a permuted-MNIST one: the per-task columns then compare different tasks). Each names every run's value;
    /// runs whose file does not record the value (no machine, no data source, no task names: an older file, or a family
    /// that reads no data) are left out of that check. A warning does not stop the comparison.
    /// </summary>
    public static IReadOnlyList<string> Warnings(IReadOnlyList<ComparedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var warnings = new List<string>();
        Warn(r => r.Machine?.Threads.ToString(CultureInfo.InvariantCulture), static value => value,
            "different libtorch thread counts ({0}): the numbers depend on the thread count (libtorch sums in another order), " +
            "so differences in the last digits can come from that alone; run again with the same --threads to compare exactly");
        Warn(r => r.Seed.ToString(CultureInfo.InvariantCulture), static value => value,
            "different seeds ({0}): the differences include seed-to-seed variation, not only the settings");
        Warn(r => r.DataSource.Length == 0 ? null : r.DataSource, DataKey,
            "different data ({0}): the runs were trained and tested on different data sets");
        WarnAboutTasks();
        return warnings;

        // Task j is the same task in two runs when both name it alike; a run of more tasks than another only adds tasks.
        void WarnAboutTasks()
        {
            ComparedRun[] named = runs.Where(r => r.Record.TaskNames.Count > 0).ToArray();
            bool differ = named.Any(a => named.Any(b => a.Record.TaskNames.Zip(b.Record.TaskNames).Any(pair => !string.Equals(pair.First, pair.Second, StringComparison.Ordinal))));
            if (differ)
                warnings.Add($"different tasks ({string.Join("; ", named.Select(r => $"{r.Label}: {TaskList(r.Record.TaskNames)}"))}): " +
                             "\"task j\" is not the same task in every run, so the per-task columns and figures (final accuracy on task 0 and on " +
                             "the last task, task 0 during training) compare different tasks");
        }

        void Warn(Func<RunRecord, string?> value, Func<string, string> key, string format)
        {
            (string Label, string Value)[] recorded = runs
                .Select(r => (r.Label, Value: value(r.Record)))
                .Where(r => r.Value is not null)
                .Select(r => (r.Label, r.Value!))
                .ToArray();
            if (recorded.Select(r => key(r.Value)).Distinct(StringComparer.Ordinal).Count() > 1)
                warnings.Add(string.Format(CultureInfo.InvariantCulture, format, string.Join(", ", recorded.Select(r => $"{r.Label}: {r.Value}"))));
        }
    }

    /// <summary>The metric rows of the comparison: name, then one formatted value per run.</summary>
    public static IReadOnlyList<(string Metric, IReadOnlyList<string> Values)> MetricRows(IReadOnlyList<ComparedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ContinualMetrics[] metrics = runs.Select(r => r.Record.ComputeMetrics()).ToArray();
        MetricFormat[] f = runs.Select(r => r.Record.Format).ToArray();
        bool allAccuracy = f.All(x => x.IsAccuracy);
        string name = allAccuracy ? "accuracy" : f.All(x => !x.IsAccuracy) ? "MSE" : "accuracy / MSE";
        var rows = new List<(string, IReadOnlyList<string>)>
        {
            ("tasks", runs.Select(r => r.Record.Tasks.ToString(CultureInfo.InvariantCulture)).ToArray()),
            ("seed", runs.Select(r => r.Record.Seed.ToString(CultureInfo.InvariantCulture)).ToArray()),
            (allAccuracy ? "ACC" : "ACC / mean final MSE", metrics.Select((m, r) => f[r].Value(m.Acc)).ToArray()),
            ("BWT", metrics.Select((m, r) => f[r].Difference(m.Bwt)).ToArray()),
            ("FWT", metrics.Select((m, r) => m.Fwt is double fwt ? f[r].Difference(fwt) : "n/a").ToArray()),
            ("Forgetting (Chaudhry)", metrics.Select((m, r) => f[r].Difference(m.ChaudhryForgetting)).ToArray()),
            ("Forgetting (Avalanche)", metrics.Select((m, r) => f[r].Difference(m.AvalancheForgetting)).ToArray()),
            ($"final {name} on task 0", runs.Select((run, r) => f[r].Value(run.Record.AccuracyMatrix[^1][0])).ToArray()),
            ($"final {name} on the last task", runs.Select((run, r) => f[r].Value(run.Record.AccuracyMatrix[^1][^1])).ToArray()),
            ("wall time", runs.Select(r => r.Record.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s").ToArray()),
        };
        return rows;
    }

    /// <summary>The configuration settings whose values differ between the runs (a missing setting shows as "-").</summary>
    public static IReadOnlyList<(string Setting, IReadOnlyList<string> Values)> ConfigDifferences(IReadOnlyList<ComparedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Dictionary<string, string>[] settings = runs.Select(r => Settings(r.Record.Config)).ToArray();
        var names = settings.SelectMany(s => s.Keys).Distinct().ToArray();
        return names
            .Select(name => (name, (IReadOnlyList<string>)settings.Select(s => s.TryGetValue(name, out string? v) ? v : "-").ToArray()))
            .Where(row => row.Item2.Distinct().Count() > 1)
            .ToArray();
    }

    /// <summary>The Markdown comparison: metrics table, configuration differences, the overlay figure.</summary>
    public static string Render(IReadOnlyList<ComparedRun> runs, bool withFigure)
    {
        var md = new StringBuilder();
        md.AppendLine("# Comparison");
        md.AppendLine();
        for (int r = 0; r < runs.Count; r++)
            md.AppendLine($"{r + 1}. **{runs[r].Label}**: `{runs[r].Folder}`");
        md.AppendLine();
        foreach (string warning in Warnings(runs))
            md.AppendLine($"> **Warning:** {warning}.").AppendLine();
        Table(md, "metric", runs, MetricRows(runs));
        IReadOnlyList<(string, IReadOnlyList<string>)> differences = ConfigDifferences(runs);
        if (differences.Count > 0)
        {
            md.AppendLine("Configuration differences:");
            md.AppendLine();
            Table(md, "setting", runs, differences);
        }

        if (withFigure)
        {
            md.AppendLine($"![Overlay: mean accuracy on seen tasks, final accuracy per task, task 0 during training]({Plots.CompareFileName})");
            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>Writes compare.md and compare.png into <paramref name="outputFolder"/>; returns their paths.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static IReadOnlyList<string> Write(IReadOnlyList<ComparedRun> runs, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(runs);
        string png = Path.Combine(outputFolder, Plots.CompareFileName);
        AtomicFile.WriteAllBytes(png, Plots.Compare(runs.Select(r => (r.Label, r.Record)).ToArray()));
        string md = Path.Combine(outputFolder, FileName);
        AtomicFile.WriteAllText(md, Render(runs, withFigure: true));
        return [md, png];
    }

    private static void Table(StringBuilder md, string first, IReadOnlyList<ComparedRun> runs, IReadOnlyList<(string Name, IReadOnlyList<string> Values)> rows)
    {
        md.AppendLine($"| {first} | " + string.Join(" | ", runs.Select(r => r.Label)) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", runs.Count)));
        foreach ((string name, IReadOnlyList<string> values) in rows)
            md.AppendLine($"| {name} | " + string.Join(" | ", values) + " |");
        md.AppendLine();
    }

    /// <summary>A run's task names as a warning shows them: the first three, then how many in all.</summary>
    private static string TaskList(IReadOnlyList<string> names) =>
        names.Count <= 3 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(3))}, ... ({Counts.Of(names.Count, "task")})";

    /// <summary>
    /// A data source as the warnings compare it: the embedded digits (a <c>data/mnist</c> directory, wherever the program
    /// was built, so two builds do not count as two data sets) as one, any other directory by its path.
    /// </summary>
    private static string DataKey(string source)
    {
        string path = Path.TrimEndingDirectorySeparator(source);
        return path.EndsWith(Path.DirectorySeparatorChar + Path.Combine("data", "mnist"), StringComparison.Ordinal) ? "embedded" : path;
    }

    private static Dictionary<string, string> Settings(JsonElement config)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.ValueKind != JsonValueKind.Object)
            return settings;
        foreach (JsonProperty property in config.EnumerateObject())
            settings[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText().Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return settings;
    }
}
