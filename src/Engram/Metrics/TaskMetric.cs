namespace Engram.Metrics;

/// <summary>What a task's test set is scored by; the task family decides.</summary>
public enum TaskMetric
{
    /// <summary>Top-1 classification accuracy, a fraction in [0, 1]; higher is better.</summary>
    Accuracy,

    /// <summary>Mean squared error of a regression, in the targets' units squared, &gt;= 0; lower is better.</summary>
    MeanSquaredError,
}
