using System.Globalization;
using Engram.Metrics;

namespace Engram.Reporting;

/// <summary>
/// How a run's numbers read, by what its matrix holds: accuracies as percentages and differences in percentage points;
/// mean squared errors as plain numbers (4 significant digits), lower is better.
/// </summary>
/// <param name="Metric">What the matrix holds.</param>
public sealed record MetricFormat(TaskMetric Metric)
{
    /// <summary>Whether the matrix holds accuracies.</summary>
    public bool IsAccuracy => Metric == TaskMetric.Accuracy;

    /// <summary>"accuracy" or "MSE".</summary>
    public string Name => IsAccuracy ? "accuracy" : "MSE";

    /// <summary>Column and tag stem: "accuracy" or "mse".</summary>
    public string Key => IsAccuracy ? "accuracy" : "mse";

    /// <summary>Axis label of a test score.</summary>
    public string AxisLabel => IsAccuracy ? "test accuracy (%)" : "test MSE (lower is better)";

    /// <summary>Name of the mean final score: "ACC", or "mean final MSE".</summary>
    public string AccName => IsAccuracy ? "ACC" : "mean final MSE";

    /// <summary>A score: "85.26%" or "0.01234".</summary>
    public string Value(double value) => IsAccuracy
        ? (100 * value).ToString("0.00", CultureInfo.InvariantCulture) + "%"
        : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A difference of scores: "-1.50 pp" or "+0.0012".</summary>
    public string Difference(double value) => IsAccuracy
        ? (100 * value).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pp"
        : (value >= 0 ? "+" : "") + value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A score on a plot's scale: percent for accuracy, as is for MSE.</summary>
    public double Plotted(double value) => IsAccuracy ? 100 * value : value;
}
