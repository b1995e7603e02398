using Engram.Importance;
using Engram.Training;
using Engram.Validation;
using static TorchSharp.torch;

namespace Engram.Regularizers;

/// <summary>
/// Offline Elastic Weight Consolidation (Kirkpatrick et al. 2017, eq. 3 summed over tasks as in their sec. 2.1 and
/// Avalanche's EWCPlugin, without the factor 1/2): while training task K,
/// <c>penalty = lambda * sum_{i&lt;K} sum_j F_ij (theta_j - theta*_ij)^2</c>, with <c>F_i</c> the diagonal Fisher of
/// task i and <c>theta*_i</c> the parameters right after training task i.
/// </summary>
/// <remarks>
/// <para>
/// The sum over tasks is kept as running sums, so a training step costs the same after 20 tasks as after 1 and the
/// stored state is O(parameters), not O(tasks x parameters). Per parameter entry,
/// <c>sum_i F_i (theta - theta_i)^2 = theta^2 S_F - 2 theta S_Ftheta + S_Ftheta2</c> with <c>S_F = sum_i F_i</c>,
/// <c>S_Ftheta = sum_i F_i theta_i</c>, <c>S_Ftheta2 = sum_i F_i theta_i^2</c>. Evaluated literally in float32 that
/// form cancels catastrophically near the anchors (three terms of size ~F theta^2 whose sum is ~0), so it is stored
/// in the equivalent, cancellation-free parametrisation
/// <c>S_F (theta - m)^2 + C</c> with the Fisher-weighted mean anchor <c>m = S_Ftheta / S_F</c> and the constant
/// <c>C = S_Ftheta2 - S_Ftheta^2 / S_F = sum_i F_i (theta_i - m)^2 &gt;= 0</c>.
/// </para>
/// <para>
/// The gradient <c>2 lambda S_F (theta - m)</c> comes only from the first term, which is computed directly (no
/// cancellation); <c>C</c> does not depend on theta and is added as a number. Consolidating task i updates the
/// three statistics in float64 with the weighted form of West's (1979) incremental mean and variance:
/// <c>S' = S + F_i</c>, <c>w = F_i / S'</c> (0 where <c>S' = 0</c>), <c>m' = m + w (theta_i - m)</c>,
/// <c>C' = C + sum_j S w (m - theta_i)^2</c>; every added term is &gt;= 0, so nothing cancels. After one task
/// <c>m</c> equals the anchor exactly and <c>C = 0</c>, so the penalty is exactly 0 at the anchor.
/// </para>
/// </remarks>
public sealed class OfflineEwc : IDisposable, ITrainingState
{
    private readonly nn.Module model;
    private readonly Dictionary<string, Statistics> statistics = [];
    private double constant;

    /// <summary>Creates the regularizer for <paramref name="model"/> with nothing consolidated yet.</summary>
    /// <param name="model">The network whose parameters are anchored.</param>
    /// <param name="lambda">Penalty strength, at least 0 (dimensionless multiplier of the loss).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative or not finite.</exception>
    public OfflineEwc(nn.Module model, double lambda)
    {
        ArgumentNullException.ThrowIfNull(model);
        RuleGuard.ThrowIfBroken(ExperimentRules.CheckEwcLambda(lambda), lambda);
        this.model = model;
        Lambda = lambda;
    }

    /// <summary>Penalty strength lambda.</summary>
    public double Lambda { get; }

    /// <summary>Number of tasks consolidated so far (terms in the sum).</summary>
    public int Tasks { get; private set; }

    /// <summary>
    /// The constant part <c>C = sum_i sum_j F_ij (theta*_ij - m_j)^2</c> of the sum (before lambda): the penalty's
    /// value at the Fisher-weighted mean anchor; 0 after one task.
    /// </summary>
    public double Constant => constant;

    /// <summary>
    /// The penalty for the model's current parameters: a scalar float32 tensor, differentiable with respect to the
    /// parameters, 0 before any task is consolidated.
    /// </summary>
    public Tensor Penalty()
    {
        if (Tasks == 0 || Lambda == 0)
            return zeros([]);

        Tensor? total = null;
        foreach (var (name, parameter) in model.named_parameters())
        {
            Statistics s = statistics[name];
            using Tensor difference = parameter - s.Mean;
            using Tensor squared = difference.square();
            using Tensor weighted = squared.mul(s.Weight);
            Tensor sum = weighted.sum();
            if (total is null)
            {
                total = sum;
            }
            else
            {
                Tensor next = total.add(sum);
                total.Dispose();
                sum.Dispose();
                total = next;
            }
        }

        using (total)
        {
            if (constant == 0)
                return total!.mul(Lambda);
            using Tensor shifted = total!.add(constant);
            return shifted.mul(Lambda);
        }
    }

    /// <summary>
    /// Ends a task: adds <paramref name="fisher"/> and the current parameters (the new anchor) to the running sums.
    /// </summary>
    /// <param name="fisher">Diagonal Fisher of the task just trained, one tensor per parameter of the model (same shapes).</param>
    /// <exception cref="ArgumentException">A parameter of the model has no Fisher entry or a different shape.</exception>
    public void Consolidate(ParameterImportance fisher)
    {
        ArgumentNullException.ThrowIfNull(fisher);
        var parameters = model.named_parameters().ToArray();
        foreach (var (name, parameter) in parameters)
            fisher.For(name, parameter);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        double added = 0;
        foreach (var (name, parameter) in parameters)
        {
            Tensor f = fisher.For(name, parameter).to_type(ScalarType.Float64);
            Tensor anchor = parameter.detach().to_type(ScalarType.Float64);
            if (!statistics.TryGetValue(name, out Statistics? s))
            {
                s = new Statistics(parameter);
                statistics[name] = s;
            }

            Tensor weightSum = s.WeightSum64 + f;
            Tensor w = where(weightSum > 0, f / weightSum, zeros_like(f));
            Tensor offset = anchor - s.Mean64;
            added += (s.WeightSum64 * w * offset.square()).sum().item<double>();
            s.Mean64.add_(w * offset);
            s.WeightSum64.copy_(weightSum);
            s.Weight.copy_(s.WeightSum64);
            s.Mean.copy_(s.Mean64);
        }

        constant += added;
        Tasks++;
    }

    /// <summary>Writes the running sums (float64 masters and float32 copies), the constant and the task count into a checkpoint.</summary>
    public void SaveState(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.SetJson("tasks", Tasks);
        state.SetJson("constant", constant);
        foreach ((string name, Statistics s) in statistics)
        {
            state.Set(name + "/weight-sum64", s.WeightSum64);
            state.Set(name + "/mean64", s.Mean64);
            state.Set(name + "/weight", s.Weight);
            state.Set(name + "/mean", s.Mean);
        }
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote, for the same model.</summary>
    /// <exception cref="CheckpointException">An entry is missing or has another shape or type.</exception>
    public void LoadState(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int tasks = state.GetJson<int>("tasks");
        double savedConstant = state.GetJson<double>("constant");
        Dispose();
        if (tasks > 0)
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                var s = new Statistics(parameter);
                statistics[name] = s;
                state.CopyTo(name + "/weight-sum64", s.WeightSum64);
                state.CopyTo(name + "/mean64", s.Mean64);
                state.CopyTo(name + "/weight", s.Weight);
                state.CopyTo(name + "/mean", s.Mean);
            }
        }

        constant = savedConstant;
        Tasks = tasks;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Statistics s in statistics.Values)
            s.Dispose();
        statistics.Clear();
    }

    /// <summary>
    /// The running statistics of one parameter: float64 masters updated at consolidation and float32 copies used by
    /// every step.
    /// </summary>
    private sealed class Statistics : IDisposable
    {
        public Statistics(Tensor parameter)
        {
            WeightSum64 = zeros(parameter.shape, ScalarType.Float64).DetachFromDisposeScope();
            Mean64 = zeros(parameter.shape, ScalarType.Float64).DetachFromDisposeScope();
            Weight = zeros_like(parameter, requires_grad: false).DetachFromDisposeScope();
            Mean = zeros_like(parameter, requires_grad: false).DetachFromDisposeScope();
        }

        /// <summary>S_F = sum_i F_i, float64.</summary>
        public Tensor WeightSum64 { get; }

        /// <summary>m = S_Ftheta / S_F, float64.</summary>
        public Tensor Mean64 { get; }

        /// <summary>S_F in the parameter's dtype.</summary>
        public Tensor Weight { get; }

        /// <summary>m in the parameter's dtype.</summary>
        public Tensor Mean { get; }

        public void Dispose()
        {
            WeightSum64.Dispose();
            Mean64.Dispose();
            Weight.Dispose();
            Mean.Dispose();
        }
    }
}
