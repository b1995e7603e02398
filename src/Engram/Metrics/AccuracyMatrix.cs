namespace Engram.Metrics;

/// <summary>
/// The accuracy matrix of a continual-learning run (Lopez-Paz &amp; Ranzato 2017, sec. 3): <c>R[i, j]</c> is the
/// test accuracy on task j after training through task i (row = trained up to, column = evaluated on, both 0-based),
/// a fraction in [0, 1]. Rows are filled in training order; a run that stops early has fewer complete rows.
/// </summary>
public sealed class AccuracyMatrix
{
    private readonly double[,] values;

    /// <summary>An empty T x T matrix.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tasks"/> is less than 1.</exception>
    public AccuracyMatrix(int tasks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        values = new double[tasks, tasks];
    }

    /// <summary>Number of tasks T.</summary>
    public int Tasks => values.GetLength(0);

    /// <summary>Rows filled so far (tasks trained).</summary>
    public int CompletedRows { get; private set; }

    /// <summary>R[i, j] as a fraction in [0, 1].</summary>
    public double this[int i, int j] => values[i, j];

    /// <summary>Appends the next row: accuracy on every task after training through task <see cref="CompletedRows"/>.</summary>
    /// <exception cref="ArgumentException">The row does not have T entries or an entry lies outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">All T rows are already filled.</exception>
    public void AddRow(IReadOnlyList<double> accuracies)
    {
        if (CompletedRows == Tasks)
            throw new InvalidOperationException($"All {Tasks} rows of the accuracy matrix are already filled.");
        if (accuracies.Count != Tasks)
            throw new ArgumentException($"A row needs {Tasks} accuracies, got {accuracies.Count}.", nameof(accuracies));
        for (int j = 0; j < Tasks; j++)
        {
            if (!(accuracies[j] is >= 0 and <= 1))
                throw new ArgumentException($"Accuracy {accuracies[j]} on task {j} is outside [0, 1].", nameof(accuracies));
            values[CompletedRows, j] = accuracies[j];
        }

        CompletedRows++;
    }

    /// <summary>Row i as an array.</summary>
    public double[] Row(int i) => Enumerable.Range(0, Tasks).Select(j => values[i, j]).ToArray();

    /// <summary>The filled rows as a jagged array (for serialisation).</summary>
    public double[][] ToRows() => Enumerable.Range(0, CompletedRows).Select(Row).ToArray();

    /// <summary>
    /// Average accuracy ACC = (1/T) sum_j R[T-1, j] (Lopez-Paz &amp; Ranzato 2017, eq. 2): final accuracy averaged
    /// over all tasks, in [0, 1].
    /// </summary>
    /// <exception cref="InvalidOperationException">The last row is not filled yet.</exception>
    public double Acc()
    {
        RequireComplete();
        return Enumerable.Range(0, Tasks).Average(j => values[Tasks - 1, j]);
    }

    /// <summary>
    /// Backward transfer BWT = (1/(T-1)) sum_{j&lt;T-1} (R[T-1, j] - R[j, j]) (Lopez-Paz &amp; Ranzato 2017, eq. 3),
    /// in [-1, 1]; negative means forgetting. 0 for a single task.
    /// </summary>
    /// <exception cref="InvalidOperationException">The last row is not filled yet.</exception>
    public double Bwt()
    {
        RequireComplete();
        return Tasks == 1 ? 0 : Enumerable.Range(0, Tasks - 1).Average(j => values[Tasks - 1, j] - values[j, j]);
    }

    private void RequireComplete()
    {
        if (CompletedRows != Tasks)
            throw new InvalidOperationException($"Only {CompletedRows} of {Tasks} rows are filled; the metric needs the final row.");
    }
}
