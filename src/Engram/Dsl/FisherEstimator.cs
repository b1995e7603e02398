namespace Engram.Dsl;

/// <summary>
/// How the diagonal Fisher information is estimated. Each is a different number: name the one you use.
/// With <c>g_n = d log p(y | x_n, theta) / d theta</c> for sample n (Martens 2020, "New insights and perspectives on the
/// natural gradient method", sec. 11; Kunstner et al. 2019):
/// </summary>
public enum FisherEstimator
{
    /// <summary>
    /// Empirical Fisher: <c>F = (1/N) sum_n g_n(y_n)^2</c> at the observed label y_n (Kirkpatrick et al. 2017).
    /// Exact per-sample squares, batched.
    /// </summary>
    Empirical,

    /// <summary>
    /// Sampled ("true") Fisher: <c>F = (1/N) sum_n g_n(y~_n)^2</c> with y~_n drawn from the model's own predictive
    /// distribution (a class from the softmax; for regression y~ = f(x) + N(0, 1) noise). Unbiased for the true Fisher.
    /// </summary>
    Sampled,

    /// <summary>
    /// Exact Fisher: the expectation over the model's predictive distribution in closed form,
    /// <c>F = (1/N) sum_n sum_c p(c | x_n) g_n(c)^2</c> (for regression with unit variance:
    /// <c>(1/N) sum_n sum_k (d f_k(x_n) / d theta)^2</c>). One batched pass per class or output.
    /// </summary>
    Exact,

    /// <summary>
    /// Minibatch estimate as Avalanche's EWC computes it: the mean over minibatches of the squared gradient of the
    /// minibatch-mean log-likelihood. Smaller than the empirical Fisher by roughly the batch size near an optimum.
    /// </summary>
    Minibatch,

    /// <summary>
    /// Square of the full-batch mean gradient, <c>((1/N) sum_n g_n(y_n))^2</c>: what the seed's code computed. Near an
    /// optimum the mean gradient is almost zero, so this is orders of magnitude below the empirical Fisher.
    /// </summary>
    SquaredMeanGradient,
}
