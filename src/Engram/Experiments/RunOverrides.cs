using System.Globalization;

namespace Engram.Experiments;

/// <summary>A declared setting a run may override (the command line's <c>--tasks</c>, <c>--lr</c>, ...).</summary>
public enum Setting
{
    /// <summary><c>[Experiment] Seed</c>.</summary>
    Seed,

    /// <summary><c>Tasks</c> of the task family, e.g. <c>[PermutedMnist] Tasks</c>.</summary>
    Tasks,

    /// <summary><c>[Training] Epochs</c>.</summary>
    Epochs,

    /// <summary><c>[Training] BatchSize</c>.</summary>
    BatchSize,

    /// <summary><c>LearningRate</c> of the optimizer (<c>[Sgd]</c> or <c>[Adam]</c>).</summary>
    LearningRate,

    /// <summary><c>[Sgd] Momentum</c>.</summary>
    Momentum,

    /// <summary><c>[Ewc] Lambda</c>.</summary>
    EwcLambda,

    /// <summary><c>[Ewc] FisherSamples</c>.</summary>
    EwcFisherSamples,

    /// <summary><c>[Ewc] Gamma</c> of online EWC.</summary>
    EwcGamma,

    /// <summary><c>[L1] Strength</c>.</summary>
    L1Strength,

    /// <summary><c>[FisherMask] Freeze</c>.</summary>
    MaskFreeze,
}

/// <summary>
/// Run-time replacements for declared settings; null leaves a setting as declared. Applied and checked by the
/// generated <c>Spec.Override(RunOverrides)</c> with the rules of the compile-time diagnostics (see
/// <see cref="OverrideCheck"/>).
/// </summary>
public sealed record RunOverrides
{
    /// <summary>No override.</summary>
    public static RunOverrides None { get; } = new();

    /// <summary>Replaces <c>[Experiment] Seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary>Replaces the task family's <c>Tasks</c>.</summary>
    public int? Tasks { get; init; }

    /// <summary>Replaces <c>[Training] Epochs</c>.</summary>
    public int? Epochs { get; init; }

    /// <summary>Replaces <c>[Training] BatchSize</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Replaces the optimizer's <c>LearningRate</c>.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Replaces <c>[Sgd] Momentum</c> (an experiment with another optimizer refuses it).</summary>
    public double? Momentum { get; init; }

    /// <summary>Replaces <c>[Ewc] Lambda</c> (an experiment without <c>[Ewc]</c> refuses it).</summary>
    public double? EwcLambda { get; init; }

    /// <summary>Replaces <c>[Ewc] FisherSamples</c> (an experiment without <c>[Ewc]</c> refuses it).</summary>
    public int? EwcFisherSamples { get; init; }

    /// <summary>Replaces <c>[Ewc] Gamma</c> (an experiment without online EWC refuses it).</summary>
    public double? EwcGamma { get; init; }

    /// <summary>Replaces <c>[L1] Strength</c> (an experiment without <c>[L1]</c> refuses it).</summary>
    public double? L1Strength { get; init; }

    /// <summary>Replaces <c>[FisherMask] Freeze</c> (an experiment without <c>[FisherMask]</c> refuses it).</summary>
    public double? MaskFreeze { get; init; }

    /// <summary>The settings given, in <see cref="Setting"/> order.</summary>
    public IReadOnlyList<Setting> Given => Enum.GetValues<Setting>().Where(s => ValueText(s) is not null).ToArray();

    /// <summary>Whether no setting is given.</summary>
    public bool IsEmpty => Given.Count == 0;

    /// <summary>The value given for <paramref name="setting"/> as text (invariant, round-trip), or null when not given.</summary>
    public string? ValueText(Setting setting) => setting switch
    {
        Setting.Seed => Text(Seed),
        Setting.Tasks => Text(Tasks),
        Setting.Epochs => Text(Epochs),
        Setting.BatchSize => Text(BatchSize),
        Setting.LearningRate => Text(LearningRate),
        Setting.Momentum => Text(Momentum),
        Setting.EwcLambda => Text(EwcLambda),
        Setting.EwcFisherSamples => Text(EwcFisherSamples),
        Setting.EwcGamma => Text(EwcGamma),
        Setting.L1Strength => Text(L1Strength),
        Setting.MaskFreeze => Text(MaskFreeze),
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
