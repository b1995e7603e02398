namespace Engram.Experiments;

/// <summary>
/// What every generated <c>Spec</c> record (the resolved configuration of one experiment) can do besides holding its
/// settings: be resized and take run-time overrides, both without reflection.
/// </summary>
/// <typeparam name="TSpec">The generated record itself.</typeparam>
public interface IExperimentSpec<TSpec>
    where TSpec : IExperimentSpec<TSpec>
{
    /// <summary>This configuration at <paramref name="size"/>: its task and epoch counts as <see cref="RunSizes"/> says.</summary>
    TSpec At(RunSize size);

    /// <summary>
    /// This configuration with <paramref name="overrides"/> applied, each value checked by the rule of its compile-time
    /// diagnostic; overrides of settings the experiment does not declare are refused.
    /// </summary>
    OverrideResult<TSpec> Override(RunOverrides overrides);
}
