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
}
