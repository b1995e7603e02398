using Engram.Importance;
using Engram.Training;
using Engram.Validation;
using static TorchSharp.torch;

namespace Engram.Regularizers;

/// <summary>
/// Online EWC (Schwarz et al. 2018, "Progress &amp; Compress", eq. 8; Huszár 2018): one anchor and one running
/// Fisher instead of one per task. After task t: <c>F &lt;- Gamma * F + F_t</c> and <c>theta* &lt;- theta_t</c>; while
/// training the next task, <c>penalty = Lambda * sum_j F_j (theta_j - theta*_j)^2</c> (no factor 1/2, as the offline
/// form here). Memory is O(parameters) whatever the number of tasks. The seed's variant
/// <c>F &lt;- a F_old + (1 - a) F_new</c> is this one with Gamma = a / (1 - a) and Lambda scaled by (1 - a).
/// </summary>
public sealed class OnlineEwc : IDisposable, ITrainingState
{
    private readonly nn.Module model;
    private readonly Dictionary<string, Tensor> fisher = [];
    private readonly Dictionary<string, Tensor> anchor = [];

    /// <summary>Creates the regularizer with nothing consolidated.</summary>
    /// <param name="model">The network whose parameters are anchored.</param>
    /// <param name="lambda">Penalty strength, finite and at least 0.</param>
    /// <param name="gamma">Decay of the running Fisher per task, in [0, 1]; 1 keeps the plain sum, 0 keeps only the latest task.</param>
    /// <exception cref="ArgumentOutOfRangeException">Lambda or gamma out of range.</exception>
    public OnlineEwc(nn.Module model, double lambda, double gamma)
    {
        ArgumentNullException.ThrowIfNull(model);
        RuleGuard.ThrowIfBroken(ExperimentRules.CheckEwcLambda(lambda), lambda);
        RuleGuard.ThrowIfBroken(ExperimentRules.CheckEwcGamma(gamma), gamma);
        this.model = model;
        Lambda = lambda;
        Gamma = gamma;
    }

    /// <summary>Penalty strength.</summary>
    public double Lambda { get; }

    /// <summary>Per-task decay of the running Fisher.</summary>
    public double Gamma { get; }

    /// <summary>Tasks consolidated so far.</summary>
    public int Tasks { get; private set; }

    /// <summary>The penalty for the current parameters: differentiable float32 scalar, 0 before the first consolidation.</summary>
    public Tensor Penalty()
    {
        if (Tasks == 0 || Lambda == 0)
            return zeros([]);
        Tensor total = zeros([]);
        foreach (var (name, parameter) in model.named_parameters())
            total = total + (fisher[name] * (parameter - anchor[name]).square()).sum();
        return total * Lambda;
    }

    /// <summary>Ends a task: decays the running Fisher, adds <paramref name="taskFisher"/>, and moves the anchor to the current parameters.</summary>
    /// <exception cref="ArgumentException">A parameter has no Fisher entry or another shape.</exception>
    public void Consolidate(ParameterImportance taskFisher)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            Tensor f = taskFisher.For(name, parameter);
            if (fisher.TryGetValue(name, out Tensor? running))
            {
                running.mul_(Gamma).add_(f);
                anchor[name].copy_(parameter);
            }
            else
            {
                fisher[name] = f.detach().clone().DetachFromDisposeScope();
                anchor[name] = parameter.detach().clone().DetachFromDisposeScope();
            }
        }

        Tasks++;
    }

    /// <summary>Writes the running Fisher, the anchor and the task count into a checkpoint.</summary>
    public void SaveState(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.SetJson("tasks", Tasks);
        foreach ((string name, Tensor f) in fisher)
        {
            state.Set(name + "/fisher", f);
            state.Set(name + "/anchor", anchor[name]);
        }
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote, for the same model.</summary>
    /// <exception cref="CheckpointException">An entry is missing or has another shape or type.</exception>
    public void LoadState(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int tasks = state.GetJson<int>("tasks");
        Dispose();
        if (tasks > 0)
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                fisher[name] = state.Get(name + "/fisher", parameter).clone().DetachFromDisposeScope();
                anchor[name] = state.Get(name + "/anchor", parameter).clone().DetachFromDisposeScope();
            }
        }

        Tasks = tasks;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor t in fisher.Values.Concat(anchor.Values))
            t.Dispose();
        fisher.Clear();
        anchor.Clear();
    }
}
