using Engram.Metrics;

namespace Engram.Tests.Metrics;

public class AccuracyMatrixTests
{
    private static AccuracyMatrix HandExample()
    {
        var r = new AccuracyMatrix(3);
        r.AddRow([0.90, 0.10, 0.12]);
        r.AddRow([0.70, 0.95, 0.11]);
        r.AddRow([0.50, 0.80, 0.97]);
        return r;
    }

    [Fact]
    public void Acc_is_the_mean_of_the_last_row()
    {
        // (0.50 + 0.80 + 0.97) / 3
        Assert.Equal(0.756666, HandExample().Acc(), 5);
    }

    [Fact]
    public void Bwt_is_the_mean_drop_from_the_diagonal_over_all_but_the_last_task()
    {
        // ((0.50 - 0.90) + (0.80 - 0.95)) / 2
        Assert.Equal(-0.275, HandExample().Bwt(), 10);
    }

    [Fact]
    public void Metrics_need_the_final_row()
    {
        var r = new AccuracyMatrix(2);
        r.AddRow([0.9, 0.1]);
        var error = Assert.Throws<InvalidOperationException>(() => r.Acc());
        Assert.Contains("1 of 2 rows", error.Message);
    }

    [Fact]
    public void A_row_outside_zero_to_one_is_rejected()
    {
        var r = new AccuracyMatrix(2);
        Assert.Throws<ArgumentException>(() => r.AddRow([0.5, 1.5]));
    }

    [Fact]
    public void For_mse_forgetting_is_the_rise_in_error_so_that_it_is_positive_when_a_task_got_worse()
    {
        var r = new AccuracyMatrix(3, TaskMetric.MeanSquaredError);
        r.AddRow([0.01, 0.50, 0.90]);
        r.AddRow([0.02, 0.01, 0.80]);
        r.AddRow([0.30, 0.05, 0.01]);

        // Chaudhry: task 0: 0.30 - min(0.01, 0.02); task 1: 0.05 - min(0.50, 0.01). Avalanche: R[2, j] - R[j, j].
        Assert.Equal(((0.30 - 0.01) + (0.05 - 0.01)) / 2, r.ChaudhryForgetting(), 10);
        Assert.Equal(((0.30 - 0.01) + (0.05 - 0.01)) / 2, r.AvalancheForgetting(), 10);
        Assert.Equal(r.AvalancheForgetting(), r.Bwt(), 10);
        Assert.Equal((0.30 + 0.05 + 0.01) / 3, r.Acc(), 10);
    }

    [Fact]
    public void An_mse_row_accepts_errors_above_one_and_rejects_negative_or_nan()
    {
        var r = new AccuracyMatrix(2, TaskMetric.MeanSquaredError);
        r.AddRow([3.5, 12.0]);
        Assert.Throws<ArgumentException>(() => r.AddRow([-0.1, 0.2]));
        Assert.Throws<ArgumentException>(() => r.AddRow([double.NaN, 0.2]));
    }
}
