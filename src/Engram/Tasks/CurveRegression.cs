using Engram.Dsl;
using Engram.Metrics;
using static TorchSharp.torch;

namespace Engram.Tasks;

/// <summary>
/// The seed's 1-D regression tasks (see <see cref="CurveRegressionAttribute"/>): adjacent equal x-intervals of one
/// noisy curve, one task per interval. Inputs have shape [N, 1], targets [N, 1], both float32.
/// </summary>
public sealed class CurveRegression : IDisposable
{
    /// <summary>Evenly spaced noise-free test points per task.</summary>
    public const int TestPoints = 100;

    private readonly List<Tensor> owned = [];

    private CurveRegression(int tasks, double from, double to, int samples, double noise, Curve curve, int seed)
    {
        using var generator = new Generator(unchecked((ulong)(uint)seed));
        double width = (to - from) / tasks;
        var list = new List<ContinualTask>(tasks);
        for (int t = 0; t < tasks; t++)
        {
            double left = from + t * width;
            Tensor trainX = (rand(samples, 1, generator: generator) * width + left).DetachFromDisposeScope();
            Tensor trainY = (Evaluate(curve, trainX) + randn(samples, 1, generator: generator) * noise).DetachFromDisposeScope();
            Tensor testX = linspace(left, left + width, TestPoints).unsqueeze(1).DetachFromDisposeScope();
            Tensor testY = Evaluate(curve, testX).DetachFromDisposeScope();
            owned.AddRange([trainX, trainY, testX, testY]);
            list.Add(new ContinualTask(t, $"x in [{left:0.###}, {left + width:0.###}]", new LabeledSet(trainX, trainY), new LabeledSet(testX, testY), TaskMetric.MeanSquaredError));
        }

        Tasks = list;
    }

    /// <summary>The tasks, left interval first.</summary>
    public IReadOnlyList<ContinualTask> Tasks { get; }

    /// <summary>Features per sample: 1 (x).</summary>
    public int Features => 1;

    /// <summary>Outputs per sample: 1 (y).</summary>
    public int Outputs => 1;

    /// <summary>Builds the tasks.</summary>
    /// <param name="tasks">Number of intervals, at least 1.</param>
    /// <param name="from">Left end of the x-range.</param>
    /// <param name="to">Right end, greater than <paramref name="from"/>.</param>
    /// <param name="samples">Training points per task, at least 1.</param>
    /// <param name="noise">Noise standard deviation, at least 0.</param>
    /// <param name="curve">The function.</param>
    /// <param name="seed">Seed of training x and noise.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count or range is invalid.</exception>
    public static CurveRegression Create(int tasks, double from, double to, int samples, double noise, Curve curve, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        if (!(to > from) || double.IsInfinity(from) || double.IsInfinity(to))
            throw new ArgumentOutOfRangeException(nameof(to), to, $"The x-range needs finite From < To; got From = {from}, To = {to}.");
        if (!(noise >= 0) || double.IsInfinity(noise))
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise standard deviation must be a finite number >= 0.");
        return new CurveRegression(tasks, from, to, samples, noise, curve, seed);
    }

    /// <summary>The noise-free curve f(x), elementwise; <paramref name="x"/> any shape.</summary>
    public static Tensor Evaluate(Curve curve, Tensor x) => curve switch
    {
        Curve.Polynomial => x.pow(3) - x,
        Curve.Sine => (x * 3).sin(),
        Curve.Rbf => Bump(x, -1) - Bump(x, 0) * 0.8 + Bump(x, 1) * 0.6,
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "Unknown curve."),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor t in owned)
            t.Dispose();
        owned.Clear();
    }

    private static Tensor Bump(Tensor x, double center) => ((x - center).square() / -0.18).exp();
}
