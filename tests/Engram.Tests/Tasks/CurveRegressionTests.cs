using Engram.Dsl;
using Engram.Tasks;
using static TorchSharp.torch;

namespace Engram.Tests.Tasks;

public class CurveRegressionTests
{
    public CurveRegressionTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Tasks_cover_adjacent_equal_intervals_with_training_points_inside_their_own_interval()
    {
        using var family = CurveRegression.Create(3, -1.5, 1.5, samples: 200, noise: 0.1, Curve.Polynomial, seed: 0);

        Assert.Equal(["x in [-1.5, -0.5]", "x in [-0.5, 0.5]", "x in [0.5, 1.5]"], family.Tasks.Select(t => t.Name));
        for (int t = 0; t < 3; t++)
        {
            double left = -1.5 + t;
            var (min, max, shape) = All(family.Tasks[t].Train, b => (b.Inputs.min().item<float>(), b.Inputs.max().item<float>(), b.Labels.shape));
            Assert.InRange(min, left, left + 1);
            Assert.InRange(max, left, left + 1);
            Assert.Equal([200L, 1L], shape);
        }
    }

    [Fact]
    public void Training_targets_carry_noise_of_the_stated_deviation_and_test_targets_are_the_clean_curve()
    {
        using var family = CurveRegression.Create(1, -1.5, 1.5, samples: 5000, noise: 0.2, Curve.Sine, seed: 3);
        double residualStd = All(family.Tasks[0].Train, b => (b.Labels - (b.Inputs * 3).sin()).std().item<float>());
        double testError = All(family.Tasks[0].Test, b => (b.Labels - (b.Inputs * 3).sin()).abs().max().item<float>());

        Assert.InRange(residualStd, 0.19, 0.21);
        Assert.Equal(0.0, testError, 6);
        Assert.Equal(CurveRegression.TestPoints, family.Tasks[0].Test.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_points_and_another_seed_other_points()
    {
        using var a = CurveRegression.Create(2, 0, 1, 50, 0.1, Curve.Rbf, seed: 7);
        using var b = CurveRegression.Create(2, 0, 1, 50, 0.1, Curve.Rbf, seed: 7);
        using var c = CurveRegression.Create(2, 0, 1, 50, 0.1, Curve.Rbf, seed: 8);
        float[] X(CurveRegression f) => All(f.Tasks[1].Train, b => b.Inputs.data<float>().ToArray());

        Assert.Equal(X(a), X(b));
        Assert.NotEqual(X(a), X(c));
    }

    /// <summary>Applies <paramref name="read"/> to the whole set as one batch, while its tensors are alive.</summary>
    private static T All<T>(LabeledSet set, Func<Minibatch, T> read)
    {
        foreach (Minibatch batch in set.InOrder(set.Count))
            return read(batch);
        throw new InvalidOperationException("empty set");
    }

    [Fact]
    public void An_empty_range_is_rejected_with_both_ends_in_the_message()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CurveRegression.Create(3, 1, 1, 10, 0.1, Curve.Sine, 0));
        Assert.Contains("From = 1, To = 1", error.Message);
    }
}
