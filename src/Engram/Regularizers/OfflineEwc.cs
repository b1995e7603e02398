using Engram.Importance;
using static TorchSharp.torch;

namespace Engram.Regularizers;

/// <summary>
/// Offline Elastic Weight Consolidation (Kirkpatrick et al. 2017, eq. 3 summed over tasks as in their sec. 2.1 and
/// Avalanche's EWCPlugin, without the factor 1/2): while training task K,
/// <c>penalty = lambda * sum_{i&lt;K} sum_j F_ij (theta_j - theta*_ij)^2</c>, with <c>F_i</c> the diagonal Fisher of
/// task i and <c>theta*_i</c> the parameters right after training task i. Keeps one Fisher and one anchor per
/// consolidated task.
/// </summary>
public sealed class OfflineEwc : IDisposable
{
    private readonly nn.Module model;
    private readonly List<(Dictionary<string, Tensor> Fisher, Dictionary<string, Tensor> Anchor)> consolidated = [];

    /// <summary>Creates the regularizer for <paramref name="model"/> with nothing consolidated yet.</summary>
    /// <param name="model">The network whose parameters are anchored.</param>
    /// <param name="lambda">Penalty strength, at least 0 (dimensionless multiplier of the loss).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative or not finite.</exception>
    public OfflineEwc(nn.Module model, double lambda)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(lambda >= 0) || double.IsInfinity(lambda))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "EWC lambda must be a finite number >= 0.");
        this.model = model;
        Lambda = lambda;
    }

    /// <summary>Penalty strength lambda.</summary>
    public double Lambda { get; }

    /// <summary>Number of tasks consolidated so far (terms in the sum).</summary>
    public int Tasks => consolidated.Count;

    /// <summary>
    /// The penalty for the model's current parameters: a scalar float32 tensor, differentiable with respect to the
    /// parameters, 0 before any task is consolidated.
    /// </summary>
    public Tensor Penalty()
    {
        if (consolidated.Count == 0 || Lambda == 0)
            return zeros([]);

        Tensor total = zeros([]);
        foreach (var (name, parameter) in model.named_parameters())
        {
            foreach (var (fisher, anchor) in consolidated)
                total = total + (fisher[name] * (parameter - anchor[name]).square()).sum();
        }

        return total * Lambda;
    }

    /// <summary>
    /// Ends a task: stores a copy of <paramref name="fisher"/> and of the current parameters as the new anchor.
    /// </summary>
    /// <param name="fisher">Diagonal Fisher of the task just trained, one tensor per parameter of the model (same shapes).</param>
    /// <exception cref="ArgumentException">A parameter of the model has no Fisher entry or a different shape.</exception>
    public void Consolidate(ParameterImportance fisher)
    {
        var fisherCopy = new Dictionary<string, Tensor>();
        var anchor = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            Tensor f = fisher.For(name, parameter);
            fisherCopy[name] = f.detach().clone().DetachFromDisposeScope();
            anchor[name] = parameter.detach().clone().DetachFromDisposeScope();
        }

        consolidated.Add((fisherCopy, anchor));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (fisher, anchor) in consolidated)
        {
            foreach (Tensor t in fisher.Values.Concat(anchor.Values))
                t.Dispose();
        }

        consolidated.Clear();
    }
}
