using static TorchSharp.torch;

namespace Engram.Importance;

/// <summary>
/// A per-parameter importance estimate (e.g. the diagonal Fisher information): for every named parameter of a model,
/// a tensor of the same shape with non-negative entries. Owns its tensors.
/// </summary>
public sealed class ParameterImportance : IDisposable
{
    private readonly Dictionary<string, Tensor> values;

    /// <summary>Takes ownership of the given tensors, keyed by parameter name (as <c>named_parameters()</c> gives it).</summary>
    public ParameterImportance(IEnumerable<KeyValuePair<string, Tensor>> values, string estimator, int samples)
    {
        this.values = new Dictionary<string, Tensor>(values);
        Estimator = estimator;
        Samples = samples;
    }

    /// <summary>Name of the estimator that produced the values (e.g. "empirical").</summary>
    public string Estimator { get; }

    /// <summary>Number of samples the estimate averages over.</summary>
    public int Samples { get; }

    /// <summary>Parameter names, in the model's order.</summary>
    public IEnumerable<string> Names => values.Keys;

    /// <summary>The importance of the named parameter; same shape as the parameter.</summary>
    /// <exception cref="KeyNotFoundException">No parameter of that name.</exception>
    public Tensor this[string name] => values[name];

    /// <summary>The entry for parameter <paramref name="name"/>, checked against the parameter's shape.</summary>
    /// <exception cref="ArgumentException">No entry of that name, or its shape differs from <paramref name="parameter"/>'s.</exception>
    public Tensor For(string name, Tensor parameter)
    {
        if (!values.TryGetValue(name, out Tensor? value))
            throw new ArgumentException($"The {Estimator} estimate has no entry for parameter '{name}'.", nameof(name));
        if (!value.shape.SequenceEqual(parameter.shape))
            throw new ArgumentException($"The {Estimator} entry '{name}' has shape [{string.Join(", ", value.shape)}]; the parameter has [{string.Join(", ", parameter.shape)}].", nameof(parameter));
        return value;
    }

    /// <summary>Largest entry over all parameters.</summary>
    public double Max() => values.Values.Max(v => v.max().item<float>());

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor value in values.Values)
            value.Dispose();
        values.Clear();
    }
}
