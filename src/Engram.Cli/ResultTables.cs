using System.Globalization;
using Engram.Metrics;
using Engram.Reporting;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>Prints a run's accuracy matrix (with the untrained baseline, seen-task mean and wall time per task) and metrics.</summary>
internal static class ResultTables
{
    public static void Write(IAnsiConsole console, RunRecord record)
    {
        int tasks = record.Tasks;
        ContinualMetrics metrics = record.ComputeMetrics();
        MetricFormat f = record.Format;
        var matrix = new Table()
            .Title(Markup.Escape($"{(f.IsAccuracy ? "Accuracy" : "Test MSE")} matrix R[i, j]: row i = trained through task i, column j = evaluated on task j"))
            .AddColumn("trained through");
        for (int j = 0; j < tasks; j++)
            matrix.AddColumn(new TableColumn($"task {j}").RightAligned());
        matrix.AddColumn(new TableColumn("seen-task mean").RightAligned());
        matrix.AddColumn(new TableColumn("wall time").RightAligned());
        if (record.BaselineAccuracy is { } baseline)
            matrix.AddRow(["[grey]untrained[/]", .. baseline.Select(a => $"[grey]{f.Value(a)}[/]"), "", Seconds(record.BaselineSeconds)]);
        for (int i = 0; i < tasks; i++)
        {
            string time = i < record.Timings.Count ? Seconds(record.Timings[i].TotalSeconds) : "";
            matrix.AddRow([$"task {i}", .. record.AccuracyMatrix[i].Select(f.Value), f.Value(metrics.SeenAccuracy[i]), time]);
        }

        console.Write(matrix);

        var table = new Table().AddColumns("metric", "value", "definition");
        table.AddRow(f.AccName, f.Value(metrics.Acc), Markup.Escape($"mean final {f.Name} over all tasks"));
        table.AddRow("BWT", f.Difference(metrics.Bwt), Markup.Escape("mean of R[T-1, j] - R[j, j], j < T-1"));
        table.AddRow("FWT", metrics.Fwt is double fwt ? f.Difference(fwt) : "n/a", Markup.Escape($"mean of R[j-1, j] - untrained {f.Name} b_j, j >= 1"));
        table.AddRow("Forgetting (Chaudhry)", f.Difference(metrics.ChaudhryForgetting), Markup.Escape(f.IsAccuracy ? "mean of max_(l<T-1) R[l, j] - R[T-1, j]" : "mean of R[T-1, j] - min_(l<T-1) R[l, j]"));
        table.AddRow("Forgetting (Avalanche)", f.Difference(metrics.AvalancheForgetting), Markup.Escape(f.IsAccuracy ? "mean of R[j, j] - R[T-1, j] (= -BWT)" : "mean of R[T-1, j] - R[j, j] (= BWT)"));
        string threads = record.Machine is { } machine ? $" ({Counts.Of(machine.Threads, "thread")})" : "";
        table.AddRow("wall time", string.Create(CultureInfo.InvariantCulture, $"{record.TotalSeconds:0.0} s{threads}"), "whole run, including loading data");
        console.Write(table);
    }

    private static string Seconds(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
