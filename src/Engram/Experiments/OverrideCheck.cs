using Engram.Validation;

namespace Engram.Experiments;

/// <summary>How serious a problem with a run's configuration is.</summary>
public enum ProblemSeverity
{
    /// <summary>The run is refused: nothing trains.</summary>
    Error,

    /// <summary>The run goes ahead, but part of the configuration can have no effect.</summary>
    Warning,
}

/// <summary>
/// A run-time override that breaks a rule. <see cref="Id"/> and <see cref="Message"/> are those of the compile-time
/// diagnostic for the same value (docs/diagnostics.md), or <see cref="Id"/> is null when the experiment does not
/// declare the setting at all.
/// </summary>
/// <param name="Id">The ENGxxxx id of the rule broken, or null for a setting the experiment does not declare.</param>
/// <param name="Severity">Error (refused) or warning.</param>
/// <param name="Setting">The override it is about.</param>
/// <param name="Value">The value given, as text.</param>
/// <param name="Message">What is wrong, the value found and the valid range.</param>
public sealed record SettingProblem(string? Id, ProblemSeverity Severity, Setting Setting, string Value, string Message)
{
    /// <summary>E.g. <c>error ENG0010: [PermutedMnist] Tasks is 0; an experiment needs at least 1 task and at most 1000</c>.</summary>
    public override string ToString() =>
        (Severity == ProblemSeverity.Error ? "error" : "warning") + (Id is null ? "" : " " + Id) + ": " + Message;
}

/// <summary>A configuration with run-time overrides applied, and what is wrong with them.</summary>
/// <typeparam name="TSpec">The generated <c>Spec</c> record.</typeparam>
/// <param name="Spec">The configuration with every override applied (do not run it when <see cref="IsRefused"/>).</param>
/// <param name="Problems">Errors and warnings, in the order of the settings.</param>
public sealed record OverrideResult<TSpec>(TSpec Spec, IReadOnlyList<SettingProblem> Problems)
{
    /// <summary>Whether any problem is an error: the configuration must not run.</summary>
    public bool IsRefused => Problems.Any(static p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// Applies run-time overrides to one experiment's settings, checking each value given with the rule of its compile-time
/// diagnostic (the rules are the same source file, <c>generators/Engram.Generators/Rules/ExperimentRules.cs</c>, linked
/// into this assembly), and refusing overrides of settings the experiment does not declare. The generated
/// <c>Spec.Override</c> calls one method per declared setting and then <see cref="Result{TSpec}"/>.
/// </summary>
public sealed class OverrideCheck
{
    private readonly string experiment;
    private readonly RunOverrides overrides;
    private readonly HashSet<Setting> declared = [];
    private readonly List<SettingProblem> problems = [];

    /// <summary>Starts checking <paramref name="overrides"/> for <paramref name="experiment"/>.</summary>
    /// <param name="experiment">The experiment's name (for messages).</param>
    /// <param name="overrides">The overrides given.</param>
    public OverrideCheck(string experiment, RunOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(overrides);
        this.experiment = experiment;
        this.overrides = overrides;
    }

    /// <summary><c>[Experiment] Seed</c>: any integer.</summary>
    /// <returns>The override, or <paramref name="current"/>.</returns>
    public int Seed(int current) => Take(Setting.Seed, overrides.Seed, current, static _ => null);

    /// <summary>The task family's <c>Tasks</c>: at least 1 (ENG0010).</summary>
    /// <param name="family">The task family attribute, e.g. <c>PermutedMnist</c>.</param>
    /// <param name="current">The value without the override.</param>
    public int Tasks(string family, int current) => Take(Setting.Tasks, overrides.Tasks, current, value => ExperimentRules.CheckTasks(family, value));

    /// <summary><c>[Training] Epochs</c>: at least 1 (ENG0011).</summary>
    public int Epochs(int current) => Take(Setting.Epochs, overrides.Epochs, current, ExperimentRules.CheckEpochs);

    /// <summary><c>[Training] BatchSize</c>: at least 0, 0 = full batch (ENG0012).</summary>
    public int BatchSize(int current) => Take(Setting.BatchSize, overrides.BatchSize, current, ExperimentRules.CheckBatchSize);

    /// <summary>The optimizer's <c>LearningRate</c>: finite and greater than 0 (ENG0013).</summary>
    /// <param name="optimizer">The optimizer attribute, e.g. <c>Adam</c>.</param>
    /// <param name="current">The value without the override.</param>
    public double LearningRate(string optimizer, double current) =>
        Take(Setting.LearningRate, overrides.LearningRate, current, value => ExperimentRules.CheckLearningRate(optimizer, value));

    /// <summary><c>[Sgd] Momentum</c>: in [0, 1) (ENG0014).</summary>
    public double Momentum(double current) => Take(Setting.Momentum, overrides.Momentum, current, ExperimentRules.CheckMomentum);

    /// <summary><c>[Ewc] Lambda</c>: finite and at least 0 (ENG0015); 0 is accepted with a warning (ENG0022).</summary>
    public double EwcLambda(double current) =>
        Take(Setting.EwcLambda, overrides.EwcLambda, current, static value => ExperimentRules.CheckEwcLambda(value) ?? ExperimentRules.CheckEwcLambdaHasEffect(value));

    /// <summary><c>[Ewc] FisherSamples</c>: at least 1 (ENG0016).</summary>
    public int EwcFisherSamples(int current) =>
        Take(Setting.EwcFisherSamples, overrides.EwcFisherSamples, current, static value => ExperimentRules.CheckFisherSamples("Ewc", value));

    /// <summary><c>[Ewc] Gamma</c> of online EWC: in [0, 1] (ENG0032).</summary>
    public double EwcGamma(double current) => Take(Setting.EwcGamma, overrides.EwcGamma, current, ExperimentRules.CheckEwcGamma);

    /// <summary><c>[L1] Strength</c>: finite and at least 0 (ENG0030).</summary>
    public double L1Strength(double current) => Take(Setting.L1Strength, overrides.L1Strength, current, ExperimentRules.CheckL1Strength);

    /// <summary><c>[FisherMask] Freeze</c>: greater than 0 and at most 1 (ENG0028).</summary>
    public double MaskFreeze(double current) => Take(Setting.MaskFreeze, overrides.MaskFreeze, current, ExperimentRules.CheckMaskFreeze);

    /// <summary>
    /// Warns (ENG0021) when an overridden task count leaves <paramref name="regularizer"/> with no earlier task to
    /// protect. A declared count was already checked at compile time.
    /// </summary>
    /// <param name="regularizer">The regularizer or mask attribute, e.g. <c>Ewc</c> or <c>FisherMask</c>.</param>
    /// <param name="family">The task family attribute.</param>
    /// <param name="tasks">The task count that will run.</param>
    public void Regularizer(string regularizer, string family, int tasks)
    {
        if (overrides.Tasks is not null)
            Add(Setting.Tasks, ExperimentRules.CheckRegularizerTasks(regularizer, family, tasks));
    }

    /// <summary>
    /// Refuses (ENG0037) an overridden task count whose split tasks need more classes than the data set has. A
    /// declared count was already checked at compile time.
    /// </summary>
    /// <param name="tasks">The task count that will run.</param>
    /// <param name="classesPerTask">The declared <c>[SplitMnist] ClassesPerTask</c>.</param>
    public void SplitClasses(int tasks, int classesPerTask)
    {
        if (overrides.Tasks is not null)
            Add(Setting.Tasks, ExperimentRules.CheckSplitClasses(tasks, classesPerTask));
    }

    /// <summary>
    /// Ends the check: every override of a setting the experiment does not declare is refused, and
    /// <paramref name="spec"/> (the configuration with the overrides applied) is returned with all problems.
    /// </summary>
    public OverrideResult<TSpec> Result<TSpec>(TSpec spec)
    {
        foreach (Setting setting in overrides.Given)
        {
            if (!declared.Contains(setting))
            {
                (string attribute, string property) = Owner(setting);
                problems.Add(new SettingProblem(null, ProblemSeverity.Error, setting, overrides.ValueText(setting)!,
                    $"{experiment} declares no [{attribute}], so it has no [{attribute}] {property} to override"));
            }
        }

        return new OverrideResult<TSpec>(spec, problems.ToArray());
    }

    private T Take<T>(Setting setting, T? value, T current, Func<T, RuleViolation?> rule)
        where T : struct
    {
        declared.Add(setting);
        if (value is not T given)
            return current;
        Add(setting, rule(given));
        return given;
    }

    private void Add(Setting setting, RuleViolation? violation)
    {
        if (violation is null)
            return;
        ProblemSeverity severity = violation.Rule.Severity == RuleSeverity.Warning ? ProblemSeverity.Warning : ProblemSeverity.Error;
        problems.Add(new SettingProblem(violation.Rule.Id, severity, setting, overrides.ValueText(setting) ?? "", violation.Message));
    }

    /// <summary>The attribute and property a setting belongs to, for settings not every experiment has.</summary>
    private static (string Attribute, string Property) Owner(Setting setting) => setting switch
    {
        Setting.Momentum => ("Sgd", "Momentum"),
        Setting.EwcLambda => ("Ewc", "Lambda"),
        Setting.EwcFisherSamples => ("Ewc", "FisherSamples"),
        Setting.EwcGamma => ("Ewc(Online = true)", "Gamma"),
        Setting.L1Strength => ("L1", "Strength"),
        Setting.MaskFreeze => ("FisherMask", "Freeze"),
        Setting.Seed => ("Experiment", "Seed"),
        Setting.Tasks => ("task family", "Tasks"),
        Setting.Epochs => ("Training", "Epochs"),
        Setting.BatchSize => ("Training", "BatchSize"),
        Setting.LearningRate => ("optimizer", "LearningRate"),
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };
}
