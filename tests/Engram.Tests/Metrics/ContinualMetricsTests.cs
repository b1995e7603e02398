using Engram.Metrics;

namespace Engram.Tests.Metrics;

/// <summary>
/// Every metric against a matrix computed by hand. The matrix is chosen so that the two forgetting measures differ:
/// task 0 rises after training task 1 (R[1, 0] &gt; R[0, 0]) and then falls.
/// </summary>
public class ContinualMetricsTests
{
    // R[i, j], row = trained through task i, column = evaluated on task j.
    //            task 0  task 1  task 2  task 3
    // task 0      0.80    0.20    0.10    0.15
    // task 1      0.90    0.85    0.12    0.05
    // task 2      0.70    0.60    0.95    0.30
    // task 3      0.50    0.65    0.75    0.90
    private static AccuracyMatrix Hand() => AccuracyMatrix.FromRows(4,
    [
        [0.80, 0.20, 0.10, 0.15],
        [0.90, 0.85, 0.12, 0.05],
        [0.70, 0.60, 0.95, 0.30],
        [0.50, 0.65, 0.75, 0.90],
    ]);

    private static readonly double[] Baseline = [0.10, 0.08, 0.11, 0.09];

    [Fact]
    public void Acc_is_the_mean_of_the_last_row()
    {
        // (0.50 + 0.65 + 0.75 + 0.90) / 4 = 2.80 / 4
        Assert.Equal(0.70, Hand().Acc(), 12);
    }

    [Fact]
    public void Bwt_compares_the_last_row_with_the_diagonal()
    {
        // ((0.50 - 0.80) + (0.65 - 0.85) + (0.75 - 0.95)) / 3 = (-0.30 - 0.20 - 0.20) / 3
        Assert.Equal(-0.70 / 3, Hand().Bwt(), 12);
    }

    [Fact]
    public void Fwt_compares_the_entry_above_the_diagonal_with_the_untrained_model()
    {
        // ((R[0,1] - b1) + (R[1,2] - b2) + (R[2,3] - b3)) / 3 = ((0.20 - 0.08) + (0.12 - 0.11) + (0.30 - 0.09)) / 3
        Assert.Equal((0.12 + 0.01 + 0.21) / 3, Hand().Fwt(Baseline), 12);
    }

    [Fact]
    public void Chaudhry_forgetting_drops_from_the_best_earlier_accuracy()
    {
        AccuracyMatrix r = Hand();
        // task 0: max(0.80, 0.90, 0.70) - 0.50; task 1: max(0.20, 0.85, 0.60) - 0.65; task 2: max(0.10, 0.12, 0.95) - 0.75
        Assert.Equal(0.40, r.ChaudhryForgetting(0), 12);
        Assert.Equal(0.20, r.ChaudhryForgetting(1), 12);
        Assert.Equal(0.20, r.ChaudhryForgetting(2), 12);
        Assert.Equal(0.80 / 3, r.ChaudhryForgetting(), 12);
    }

    [Fact]
    public void Avalanche_forgetting_drops_from_the_diagonal_and_is_minus_bwt()
    {
        AccuracyMatrix r = Hand();
        // task 0: 0.80 - 0.50 (ignores the later 0.90); task 1: 0.85 - 0.65; task 2: 0.95 - 0.75
        Assert.Equal(0.30, r.AvalancheForgetting(0), 12);
        Assert.Equal(0.20, r.AvalancheForgetting(1), 12);
        Assert.Equal(0.20, r.AvalancheForgetting(2), 12);
        Assert.Equal(0.70 / 3, r.AvalancheForgetting(), 12);
        Assert.Equal(-r.Bwt(), r.AvalancheForgetting(), 12);
        Assert.NotEqual(r.ChaudhryForgetting(), r.AvalancheForgetting(), 6);
    }

    [Fact]
    public void Seen_accuracy_averages_the_tasks_trained_so_far()
    {
        // row 0: 0.80; row 1: (0.90 + 0.85) / 2; row 2: (0.70 + 0.60 + 0.95) / 3; row 3: ACC
        double[] expected = [0.80, 0.875, 0.75, 0.70];
        double[] seen = Hand().SeenAccuracies();
        Assert.Equal(expected.Length, seen.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], seen[i], 12);
    }

    [Fact]
    public void Compute_gathers_every_metric()
    {
        ContinualMetrics metrics = ContinualMetrics.Compute(Hand(), Baseline);

        Assert.Equal(0.70, metrics.Acc, 12);
        Assert.Equal(-0.70 / 3, metrics.Bwt, 12);
        Assert.Equal(0.34 / 3, metrics.Fwt!.Value, 12);
        Assert.Equal(0.80 / 3, metrics.ChaudhryForgetting, 12);
        Assert.Equal(0.70 / 3, metrics.AvalancheForgetting, 12);
        Assert.Equal(3, metrics.ChaudhryForgettingPerTask.Count);
        Assert.Equal(3, metrics.AvalancheForgettingPerTask.Count);
        Assert.Equal(4, metrics.SeenAccuracy.Count);
    }

    [Fact]
    public void Without_a_baseline_fwt_is_null()
    {
        Assert.Null(ContinualMetrics.Compute(Hand(), null).Fwt);
    }

    [Fact]
    public void A_single_task_has_no_transfer_and_no_forgetting()
    {
        var r = AccuracyMatrix.FromRows(1, [[0.9]]);
        ContinualMetrics metrics = ContinualMetrics.Compute(r, [0.1]);

        Assert.Equal(0.9, metrics.Acc, 12);
        Assert.Equal(0, metrics.Bwt);
        Assert.Equal(0, metrics.Fwt);
        Assert.Equal(0, metrics.ChaudhryForgetting);
        Assert.Equal(0, metrics.AvalancheForgetting);
        Assert.Empty(metrics.ChaudhryForgettingPerTask);
    }

    [Fact]
    public void Forgetting_is_defined_only_for_tasks_before_the_last()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hand().ChaudhryForgetting(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hand().AvalancheForgetting(-1));
    }

    [Fact]
    public void Fwt_needs_one_baseline_accuracy_per_task()
    {
        Assert.Throws<ArgumentException>(() => Hand().Fwt([0.1, 0.1]));
    }

    [Fact]
    public void Seen_accuracy_of_an_unfilled_row_is_refused()
    {
        var r = new AccuracyMatrix(3);
        r.AddRow([0.9, 0.1, 0.1]);
        Assert.Equal(0.9, r.SeenAccuracy(0), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.SeenAccuracy(1));
    }

    [Fact]
    public void From_rows_round_trips_and_refuses_extra_rows()
    {
        AccuracyMatrix r = Hand();
        double[][] rows = r.ToRows();
        AccuracyMatrix back = AccuracyMatrix.FromRows(4, rows);
        Assert.Equal(rows, back.ToRows());
        Assert.Throws<ArgumentException>(() => AccuracyMatrix.FromRows(1, [[0.5], [0.5]]));
    }
}
