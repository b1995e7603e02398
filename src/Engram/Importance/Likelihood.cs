namespace Engram.Importance;

/// <summary>The model's predictive distribution, which fixes the log-likelihood the Fisher information is taken of.</summary>
public enum Likelihood
{
    /// <summary>Classification: p(y | x) = softmax(logits)_y; targets are int64 class indices of shape [N].</summary>
    Categorical,

    /// <summary>
    /// Regression: p(y | x) = N(y; f(x), I), unit variance, so log p = -|y - f(x)|^2 / 2 + const and the loss is MSE up
    /// to scale; targets are float32 of shape [N, outputs].
    /// </summary>
    Gaussian,
}
