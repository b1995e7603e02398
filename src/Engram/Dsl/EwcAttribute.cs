namespace Engram.Dsl;

/// <summary>
/// Elastic Weight Consolidation. Offline form (Kirkpatrick et al. 2017, the default): the loss on task K is
/// <c>L = L_K + Lambda * sum_{i&lt;K} sum_j F_ij (theta_j - theta*_ij)^2</c> (no factor 1/2; as Avalanche), where
/// <c>F_i</c> is the diagonal Fisher information of task i and <c>theta*_i</c> the parameters after task i. Online form
/// (<see cref="Online"/> = true; Schwarz et al. 2018): one anchor, the latest <c>theta*</c>, and one running Fisher
/// <c>F &lt;- Gamma * F + F_t</c> after task t, so the penalty is <c>Lambda * sum_j F_j (theta_j - theta*_j)^2</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EwcAttribute : Attribute
{
    /// <summary>Penalty strength lambda, at least 0.</summary>
    public double Lambda { get; set; } = 100;

    /// <summary>
    /// Online EWC (Schwarz et al. 2018): one anchor and a <see cref="Gamma"/>-decayed Fisher sum, memory O(parameters)
    /// however many tasks; false (the default) is offline EWC, one Fisher-weighted anchor per task.
    /// </summary>
    public bool Online { get; set; }

    /// <summary>
    /// Online EWC's decay of the running Fisher per task, in [0, 1]: <c>F &lt;- Gamma * F + F_t</c>; 1 (the default)
    /// sums every task's Fisher, 0 keeps only the latest. Only meaningful with <see cref="Online"/> = true (the compiler
    /// warns otherwise). The seed's <c>F &lt;- a F_old + (1 - a) F_new</c> is Gamma = a / (1 - a) with Lambda scaled by
    /// (1 - a).
    /// </summary>
    public double Gamma { get; set; } = 1.0;

    /// <summary>How each task's Fisher information is estimated (default: the empirical Fisher at the true labels).</summary>
    public FisherEstimator Fisher { get; set; } = FisherEstimator.Empirical;

    /// <summary>Training samples of a task used to estimate its Fisher information, at least 1 (capped at the set size).</summary>
    public int FisherSamples { get; set; } = 1000;
}
