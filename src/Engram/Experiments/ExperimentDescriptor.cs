using Engram.Validation;

namespace Engram.Experiments;

/// <summary>
/// A catalog entry for one declared experiment, emitted by the Engram generator (no reflection scan): its name,
/// description, declared configuration, claims and an entry point that runs it, plus <see cref="Configure"/> for runs
/// at another size or with overrides.
/// </summary>
/// <param name="Name">Unique name within the assembly, used on the command line.</param>
/// <param name="Description">One sentence, or empty.</param>
/// <param name="Family">Task family, e.g. "PermutedMnist".</param>
/// <param name="Declared">The declared configuration (the generated <c>Spec</c> record).</param>
/// <param name="Run">Runs the declared configuration in a context.</param>
public sealed record ExperimentDescriptor(string Name, string Description, string Family, object Declared, Func<RunContext, ExperimentResult> Run)
{
    private Func<RunSize, RunOverrides, ConfiguredExperiment>? configure;

    /// <summary>
    /// Whether a run reads a data set (the embedded MNIST digits, or <see cref="RunContext.DataDirectory"/>). False for
    /// a family that generates its tasks from the declaration, such as curve regression: a data directory has no
    /// effect on its runs.
    /// </summary>
    public bool ReadsData => ExperimentRules.ReadsData(Family);

    /// <summary>The <c>[Expect]</c> claims every run is checked against, in declaration order.</summary>
    public IReadOnlyList<Claim> Claims { get; init; } = [];

    /// <summary>
    /// The declared configuration at <paramref name="size"/> with <paramref name="overrides"/> applied and checked by
    /// the rules of the compile-time diagnostics, ready to run unless <see cref="ConfiguredExperiment.IsRefused"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">
    /// The descriptor was not made by <see cref="Create{TSpec}"/> (it only runs as declared) and a size or an override is asked for.
    /// </exception>
    public ConfiguredExperiment Configure(RunSize size, RunOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (configure is not null)
            return configure(size, overrides);
        if (size != RunSize.Full || !overrides.IsEmpty)
            throw new NotSupportedException($"The descriptor of {Name} was not made by ExperimentDescriptor.Create; it runs only as declared.");
        return new ConfiguredExperiment(Declared, [], Run);
    }

    /// <summary>The descriptor of a generated experiment: what the generated <c>ExperimentCatalog</c> lists.</summary>
    /// <typeparam name="TSpec">The experiment's generated <c>Spec</c>.</typeparam>
    /// <param name="name">Unique name within the assembly.</param>
    /// <param name="description">One sentence, or empty.</param>
    /// <param name="family">Task family name.</param>
    /// <param name="declared">The declared configuration.</param>
    /// <param name="claims">The declared claims.</param>
    /// <param name="run">The generated <c>Run(Spec, RunContext)</c>.</param>
    public static ExperimentDescriptor Create<TSpec>(
        string name, string description, string family, TSpec declared, IReadOnlyList<Claim> claims, Func<TSpec, RunContext, ExperimentResult> run)
        where TSpec : class, IExperimentSpec<TSpec>
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(run);
        return new ExperimentDescriptor(name, description, family, declared, context => run(declared, context))
        {
            Claims = claims,
            configure = (size, overrides) =>
            {
                OverrideResult<TSpec> configured = declared.At(size).Override(overrides);
                TSpec spec = configured.Spec;
                return new ConfiguredExperiment(spec, configured.Problems, context => run(spec, context));
            },
        };
    }
}

/// <summary>An experiment's configuration for one run (size and overrides applied), its problems, and how to run it.</summary>
/// <param name="Spec">The configuration that runs (the generated <c>Spec</c> record).</param>
/// <param name="Problems">Errors (the run is refused) and warnings, from the rules of the compile-time diagnostics.</param>
/// <param name="Run">Runs <see cref="Spec"/>; do not call it when <see cref="IsRefused"/>.</param>
public sealed record ConfiguredExperiment(object Spec, IReadOnlyList<SettingProblem> Problems, Func<RunContext, ExperimentResult> Run)
{
    /// <summary>Whether any problem is an error.</summary>
    public bool IsRefused => Problems.Any(static p => p.Severity == ProblemSeverity.Error);
}
