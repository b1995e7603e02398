namespace Engram.Dsl;

/// <summary>
/// Elastic Weight Consolidation (Kirkpatrick et al. 2017), offline form: the loss on task K is
/// <c>L = L_K + Lambda * sum_{i&lt;K} sum_j F_ij (theta_j - theta*_ij)^2</c> (no factor 1/2; as Avalanche), where
/// <c>F_i</c> is the empirical diagonal Fisher information of task i and <c>theta*_i</c> the parameters after task i.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EwcAttribute : Attribute
{
    /// <summary>Penalty strength lambda, at least 0.</summary>
    public double Lambda { get; set; } = 100;

    /// <summary>Training samples of a task used to estimate its Fisher information, at least 1 (capped at the set size).</summary>
    public int FisherSamples { get; set; } = 1000;
}
