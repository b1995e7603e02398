namespace Engram.Experiments;

/// <summary>
/// How big a run of a declaration is: the same declaration runs <see cref="Quick"/> in tests and CI and
/// <see cref="Full"/> (as declared) from the command line. Applied to a configuration by the generated
/// <c>Spec.At(RunSize)</c>; every other setting stays as declared.
/// </summary>
public enum RunSize
{
    /// <summary>The declared number of tasks and epochs.</summary>
    Full,

    /// <summary>
    /// At most <see cref="RunSizes.QuickMaxTasks"/> tasks and <see cref="RunSizes.QuickMaxEpochs"/> epoch per task
    /// (<see cref="RunSizes.QuickMaxFullBatchEpochs"/> for full-batch training, where an epoch is one step): a run of
    /// seconds that still trains several tasks in sequence, so ACC and BWT keep their meaning.
    /// </summary>
    Quick,
}

/// <summary>What each <see cref="RunSize"/> means, and the environment variable tests read it from.</summary>
public static class RunSizes
{
    /// <summary>
    /// The environment variable the generated experiment tests read their size from: <c>full</c> or <c>quick</c>
    /// (case-insensitive). Unset or empty: the caller's default (quick for the generated tests).
    /// </summary>
    public const string EnvironmentVariable = "ENGRAM_RUN_SIZE";

    /// <summary>Most tasks of a <see cref="RunSize.Quick"/> run.</summary>
    public const int QuickMaxTasks = 3;

    /// <summary>Most epochs per task of a <see cref="RunSize.Quick"/> minibatch run.</summary>
    public const int QuickMaxEpochs = 1;

    /// <summary>
    /// Most epochs per task of a <see cref="RunSize.Quick"/> full-batch run (batch size 0): each epoch is a single
    /// optimizer step, so one epoch would learn nothing. 300 full-batch Adam steps fit the seed's curve tasks to an MSE
    /// of about 0.003 in about a second.
    /// </summary>
    public const int QuickMaxFullBatchEpochs = 300;

    /// <summary>The number of tasks a run of <paramref name="size"/> trains when <paramref name="declared"/> are declared.</summary>
    public static int Tasks(RunSize size, int declared) => size == RunSize.Quick ? Math.Min(declared, QuickMaxTasks) : declared;

    /// <summary>The epochs per task a run of <paramref name="size"/> trains when <paramref name="declared"/> are declared.</summary>
    /// <param name="size">The run size.</param>
    /// <param name="declared">The declared epochs per task.</param>
    /// <param name="batchSize">The declared batch size; 0 = full batch, one step per epoch.</param>
    public static int Epochs(RunSize size, int declared, int batchSize) =>
        size == RunSize.Quick ? Math.Min(declared, batchSize == 0 ? QuickMaxFullBatchEpochs : QuickMaxEpochs) : declared;

    /// <summary>The size <see cref="EnvironmentVariable"/> names, or <paramref name="fallback"/> when it is unset or empty.</summary>
    /// <exception cref="InvalidOperationException">The variable holds something other than <c>full</c> or <c>quick</c>.</exception>
    public static RunSize FromEnvironment(RunSize fallback) => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable), fallback);

    /// <summary>Parses <c>full</c> or <c>quick</c> (case-insensitive); null or empty gives <paramref name="fallback"/>.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="text"/> is neither.</exception>
    public static RunSize Parse(string? text, RunSize fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (string.Equals(text.Trim(), "full", StringComparison.OrdinalIgnoreCase))
            return RunSize.Full;
        if (string.Equals(text.Trim(), "quick", StringComparison.OrdinalIgnoreCase))
            return RunSize.Quick;
        throw new InvalidOperationException($"{EnvironmentVariable} is '{text}'; it must be 'full' (the declared size) or 'quick' ({QuickLimits}).");
    }

    /// <summary>What <see cref="RunSize.Quick"/> caps, in words.</summary>
    public static string QuickLimits { get; } =
        $"at most {QuickMaxTasks} tasks and {QuickMaxEpochs} epoch per task, {QuickMaxFullBatchEpochs} if full-batch";

    /// <summary>A one-line description, e.g. <c>quick (at most 3 tasks, 1 epoch per task)</c>.</summary>
    public static string Describe(RunSize size) => size == RunSize.Quick
        ? $"quick ({QuickLimits})"
        : "full (as declared)";
}
