namespace Engram.Metrics;

/// <summary>
/// The accuracy matrix of a continual-learning run (Lopez-Paz &amp; Ranzato 2017, sec. 3): <c>R[i, j]</c> is the
/// test accuracy on task j after training through task i (row = trained up to, column = evaluated on, both 0-based),
/// a fraction in [0, 1]. Rows are filled in training order; a run that stops early has fewer complete rows.
/// Regression families keep the test mean squared error in the same layout (<see cref="Metric"/> says which): the
/// formulas below are unchanged, so for MSE the "ACC" is the mean final MSE and a positive BWT means the error grew;
/// forgetting is defined so that it is positive when a task got worse in both cases.
/// </summary>
public sealed class AccuracyMatrix
{
    private readonly double[,] values;

    /// <summary>An empty T x T matrix.</summary>
    /// <param name="tasks">Number of tasks T, at least 1.</param>
    /// <param name="metric">What the entries are: accuracy (default) or mean squared error.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tasks"/> is less than 1.</exception>
    public AccuracyMatrix(int tasks, TaskMetric metric = TaskMetric.Accuracy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        values = new double[tasks, tasks];
        Metric = metric;
    }

    /// <summary>What the entries are: accuracy in [0, 1] (higher is better) or MSE &gt;= 0 (lower is better).</summary>
    public TaskMetric Metric { get; }

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
            throw new InvalidOperationException($"All {Counts.Of(Tasks, "row")} of the accuracy matrix are already filled.");
        if (accuracies.Count != Tasks)
            throw new ArgumentException($"A row needs {Counts.Of(Tasks, "accuracy", "accuracies")}, got {accuracies.Count}.", nameof(accuracies));
        for (int j = 0; j < Tasks; j++)
        {
            if (Metric == TaskMetric.Accuracy && !(accuracies[j] is >= 0 and <= 1))
                throw new ArgumentException($"Accuracy {accuracies[j]} on task {j} is outside [0, 1].", nameof(accuracies));
            if (Metric == TaskMetric.MeanSquaredError && !(accuracies[j] >= 0))
                throw new ArgumentException($"Mean squared error {accuracies[j]} on task {j} is not a number >= 0.", nameof(accuracies));
            values[CompletedRows, j] = accuracies[j];
        }

        CompletedRows++;
    }

    /// <summary>Rebuilds a matrix from its filled rows (as <see cref="ToRows"/> gives them), e.g. read back from results.json.</summary>
    /// <param name="tasks">Number of tasks T.</param>
    /// <param name="rows">At most T rows of T entries in [0, 1].</param>
    /// <exception cref="ArgumentException">Too many rows, or a row is malformed.</exception>
    /// <param name="metric">What the entries are.</param>
    public static AccuracyMatrix FromRows(int tasks, IEnumerable<IReadOnlyList<double>> rows, TaskMetric metric = TaskMetric.Accuracy)
    {
        var matrix = new AccuracyMatrix(tasks, metric);
        foreach (IReadOnlyList<double> row in rows)
        {
            if (matrix.CompletedRows == tasks)
                throw new ArgumentException($"More than {Counts.Of(tasks, "row")} for a {tasks}-task matrix.", nameof(rows));
            matrix.AddRow(row);
        }

        return matrix;
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

    /// <summary>
    /// Forward transfer FWT = (1/(T-1)) sum_{j&gt;=1} (R[j-1, j] - b_j) (Lopez-Paz &amp; Ranzato 2017, eq. 4), where b_j is
    /// the accuracy of the freshly initialised model on task j: how much training on the earlier tasks helps a task
    /// before it is trained. In [-1, 1]; 0 for a single task.
    /// </summary>
    /// <param name="baseline">b_j for every task j (T entries).</param>
    /// <exception cref="ArgumentException"><paramref name="baseline"/> does not have T entries.</exception>
    /// <exception cref="InvalidOperationException">Rows 0 .. T-2 are not filled yet.</exception>
    public double Fwt(IReadOnlyList<double> baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (baseline.Count != Tasks)
            throw new ArgumentException($"The baseline needs {Counts.Of(Tasks, "accuracy", "accuracies")}, got {baseline.Count}.", nameof(baseline));
        if (CompletedRows < Tasks - 1)
            throw new InvalidOperationException($"Only {Filled} filled; FWT needs rows 0 to {Tasks - 2}.");
        return Tasks == 1 ? 0 : Enumerable.Range(1, Tasks - 1).Average(j => values[j - 1, j] - baseline[j]);
    }

    /// <summary>
    /// Chaudhry forgetting of task j &lt; T-1 (Chaudhry et al. 2018, eq. 1, at the end of the stream):
    /// f_j = max_{l&lt;T-1} R[l, j] - R[T-1, j], the drop from the best accuracy the task ever had before the last task
    /// to its final accuracy. At least 0 whenever R[j, j] is the best. For MSE: f_j = R[T-1, j] - min_{l&lt;T-1} R[l, j].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="task"/> is not in [0, T-1).</exception>
    /// <exception cref="InvalidOperationException">The last row is not filled yet.</exception>
    public double ChaudhryForgetting(int task)
    {
        RequireComplete();
        RequireEarlierTask(task);
        return Metric == TaskMetric.Accuracy
            ? Enumerable.Range(0, Tasks - 1).Max(l => values[l, task]) - values[Tasks - 1, task]
            : values[Tasks - 1, task] - Enumerable.Range(0, Tasks - 1).Min(l => values[l, task]);
    }

    /// <summary>
    /// Average Chaudhry forgetting (Chaudhry et al. 2018, eq. 2): the mean of <see cref="ChaudhryForgetting(int)"/>
    /// over j &lt; T-1; 0 for a single task.
    /// </summary>
    /// <exception cref="InvalidOperationException">The last row is not filled yet.</exception>
    public double ChaudhryForgetting()
    {
        RequireComplete();
        return Tasks == 1 ? 0 : Enumerable.Range(0, Tasks - 1).Average(ChaudhryForgetting);
    }

    /// <summary>
    /// Avalanche forgetting of task j &lt; T-1 (Avalanche's <c>ExperienceForgetting</c>): R[j, j] - R[T-1, j], the
    /// accuracy right after training the task minus its final accuracy. Unlike <see cref="ChaudhryForgetting(int)"/>
    /// it ignores a later rise above R[j, j]. For MSE: R[T-1, j] - R[j, j].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="task"/> is not in [0, T-1).</exception>
    /// <exception cref="InvalidOperationException">The last row is not filled yet.</exception>
    public double AvalancheForgetting(int task)
    {
        RequireComplete();
        RequireEarlierTask(task);
        return Metric == TaskMetric.Accuracy ? values[task, task] - values[Tasks - 1, task] : values[Tasks - 1, task] - values[task, task];
    }

    /// <summary>
    /// Average Avalanche forgetting: the mean of <see cref="AvalancheForgetting(int)"/> over j &lt; T-1, which equals
    /// -<see cref="Bwt"/> for accuracy and +<see cref="Bwt"/> for MSE; 0 for a single task.
    /// </summary>
    /// <exception cref="InvalidOperationException">The last row is not filled yet.</exception>
    public double AvalancheForgetting()
    {
        RequireComplete();
        return Tasks == 1 ? 0 : Enumerable.Range(0, Tasks - 1).Average(AvalancheForgetting);
    }

    /// <summary>
    /// Average accuracy on the tasks seen so far after training through task i: A_i = (1/(i+1)) sum_{j&lt;=i} R[i, j]
    /// (Chaudhry et al. 2018, "average accuracy" A_k). A_{T-1} is <see cref="Acc"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Row <paramref name="row"/> is not filled.</exception>
    public double SeenAccuracy(int row)
    {
        if (row < 0 || row >= CompletedRows)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row {row} is not filled ({Filled}).");
        return Enumerable.Range(0, row + 1).Average(j => values[row, j]);
    }

    /// <summary><see cref="SeenAccuracy"/> of every filled row, in order.</summary>
    public double[] SeenAccuracies() => Enumerable.Range(0, CompletedRows).Select(SeenAccuracy).ToArray();

    private void RequireEarlierTask(int task)
    {
        if (task < 0 || task >= Tasks - 1)
            throw new ArgumentOutOfRangeException(nameof(task), task, $"Forgetting is defined for tasks 0 to {Tasks - 2}.");
    }

    /// <summary>E.g. "1 of 5 rows is", "3 of 5 rows are": how full the matrix is, for messages.</summary>
    private string Filled => $"{CompletedRows} of {Counts.Of(Tasks, "row")} {(CompletedRows == 1 ? "is" : "are")}";

    private void RequireComplete()
    {
        if (CompletedRows != Tasks)
            throw new InvalidOperationException($"Only {Filled} filled; the metric needs the final row.");
    }
}
