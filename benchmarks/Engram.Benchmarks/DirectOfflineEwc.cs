using Engram.Importance;
using static TorchSharp.torch;

namespace Engram.Benchmarks;

/// <summary>
/// Offline EWC in its direct form, as Engram stored it before the running sums (and as Avalanche does): one Fisher
/// and one anchor per consolidated task, and every step sums <c>F_i (theta - theta*_i)^2</c> over all of them, so a
/// step costs O(tasks). Kept here only as the "before" of the EWC benchmark.
/// </summary>
public sealed class DirectOfflineEwc(nn.Module model, double lambda) : IDisposable
{
    private readonly List<(Dictionary<string, Tensor> Fisher, Dictionary<string, Tensor> Anchor)> consolidated = [];

    /// <summary>Tasks consolidated.</summary>
    public int Tasks => consolidated.Count;

    /// <summary>lambda * sum_i sum_j F_ij (theta_j - theta*_ij)^2.</summary>
    public Tensor Penalty()
    {
        if (consolidated.Count == 0)
            return zeros([]);
        Tensor total = zeros([]);
        foreach (var (name, parameter) in model.named_parameters())
        {
            foreach (var (fisher, anchor) in consolidated)
                total = total + (fisher[name] * (parameter - anchor[name]).square()).sum();
        }

        return total * lambda;
    }

    /// <summary>Stores a copy of the Fisher and of the current parameters.</summary>
    public void Consolidate(ParameterImportance fisher)
    {
        var fisherCopy = new Dictionary<string, Tensor>();
        var anchor = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            fisherCopy[name] = fisher.For(name, parameter).detach().clone().DetachFromDisposeScope();
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
