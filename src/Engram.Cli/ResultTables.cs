using System.Globalization;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>Prints the accuracy matrix and the summary metrics of a finished run.</summary>
internal static class ResultTables
{
    public static void Write(IAnsiConsole console, ExperimentResult result)
    {
        int tasks = result.Accuracy.Tasks;
        var matrix = new Table()
            .Title(Markup.Escape("Accuracy matrix R[i, j]: row i = trained through task i, column j = evaluated on task j"))
            .AddColumn("trained through");
        for (int j = 0; j < tasks; j++)
            matrix.AddColumn(new TableColumn($"task {j}").RightAligned());
        for (int i = 0; i < result.Accuracy.CompletedRows; i++)
            matrix.AddRow([$"task {i}", .. result.Accuracy.Row(i).Select(Percent)]);
        console.Write(matrix);

        var metrics = new Table().AddColumns("metric", "value");
        metrics.AddRow("ACC (mean final accuracy)", Percent(result.Acc));
        metrics.AddRow("BWT (backward transfer)", Signed(result.Bwt));
        metrics.AddRow("wall time", string.Create(CultureInfo.InvariantCulture, $"{result.TotalSeconds:0.0} s ({result.Threads} threads)"));
        console.Write(metrics);
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Signed(double fraction) => (100 * fraction).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp";
}
