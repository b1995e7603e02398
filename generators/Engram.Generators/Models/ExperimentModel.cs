using Engram.Generators.Diagnostics;
using Engram.Generators.Helpers;
using Engram.Validation;

namespace Engram.Generators.Models;

/// <summary>
/// Everything the generated code of one experiment depends on, resolved (defaults filled in) and value-equatable.
/// Holds no symbol, syntax node, compilation or location: equal declarations give equal models, and an unchanged
/// model is not emitted again.
/// </summary>
/// <param name="Namespace">The class's namespace, empty for the global namespace.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="Name">The experiment's name (<c>[Experiment] Name</c>, or the class name).</param>
/// <param name="Description">One sentence, or empty.</param>
/// <param name="Seed">Seed of every random choice.</param>
/// <param name="Family">The task family.</param>
/// <param name="Model">The network.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Training">The schedule.</param>
/// <param name="Ewc">The EWC penalty, if declared.</param>
/// <param name="L1">The L1 penalty, if declared.</param>
/// <param name="Mask">The Fisher gradient mask, if declared.</param>
/// <param name="Claims">The valid <c>[Expect]</c> claims, in declaration order (AtLeast before AtMost).</param>
internal sealed record ExperimentModel(
    string Namespace,
    string ClassName,
    string Name,
    string Description,
    int Seed,
    TaskFamilyModel Family,
    MlpModel Model,
    OptimizerModel Optimizer,
    TrainingModel Training,
    EwcModel? Ewc,
    L1Model? L1,
    MaskModel? Mask,
    EquatableArray<ClaimModel> Claims)
{
    /// <summary>The class's fully qualified name as C#, e.g. <c>Lab.@event</c>.</summary>
    public string FullName => Names.Qualified(Namespace, ClassName);

    /// <summary>The class's fully qualified name with <c>global::</c>.</summary>
    public string GlobalTypeName => "global::" + FullName;
}

/// <summary>The task families.</summary>
internal enum TaskFamilyKind
{
    /// <summary><c>[PermutedMnist]</c>: classification (cross-entropy, accuracy matrix).</summary>
    PermutedMnist,

    /// <summary><c>[SplitMnist]</c>: classification (cross-entropy, accuracy matrix) in a Task-, Domain- or Class-IL scenario.</summary>
    SplitMnist,

    /// <summary><c>[CurveRegression]</c>: regression (MSE loss, MSE matrix).</summary>
    CurveRegression,
}

/// <summary>A task family and its settings.</summary>
/// <param name="Kind">Which family.</param>
/// <param name="Tasks">Number of tasks.</param>
/// <param name="Curve">The curve's settings, for <see cref="TaskFamilyKind.CurveRegression"/> only.</param>
/// <param name="Split">The split's settings, for <see cref="TaskFamilyKind.SplitMnist"/> only.</param>
internal sealed record TaskFamilyModel(TaskFamilyKind Kind, int Tasks, CurveModel? Curve = null, SplitModel? Split = null)
{
    /// <summary>The attribute's name without brackets, as the rules' messages use it, e.g. <c>PermutedMnist</c>.</summary>
    public string AttributeName => Kind.ToString();

    /// <summary>Whether the tasks are regression (MSE loss, Gaussian likelihood) rather than classification.</summary>
    public bool IsRegression => Kind == TaskFamilyKind.CurveRegression;
}

/// <summary>The settings of a <c>[SplitMnist]</c> family besides its task count.</summary>
/// <param name="ClassesPerTask">Classes (digits) per task.</param>
/// <param name="Scenario">The scenario as C# (<c>Scenario.ClassIncremental</c>, or a cast of an undefined value).</param>
internal readonly record struct SplitModel(int ClassesPerTask, string Scenario);

/// <summary>The settings of a <c>[CurveRegression]</c> family besides its task count.</summary>
/// <param name="From">Left end of the x-range.</param>
/// <param name="To">Right end of the x-range.</param>
/// <param name="Samples">Training points per task.</param>
/// <param name="Noise">Standard deviation of the training targets' noise.</param>
/// <param name="Curve">The curve as C# (<c>Curve.Polynomial</c>, or a cast of an undefined value).</param>
/// <param name="Seed">Seed of the data (training x and noise).</param>
internal readonly record struct CurveModel(double From, double To, int Samples, double Noise, string Curve, int Seed);

/// <summary>An <c>[Mlp]</c>.</summary>
/// <param name="Hidden">Hidden layer sizes, input side first.</param>
/// <param name="Activation">The activation as C# (<c>Activation.ReLU</c>, or a cast of an undefined value).</param>
/// <param name="MultiHead">One output head per task instead of one shared head.</param>
internal sealed record MlpModel(EquatableArray<int> Hidden, string Activation, bool MultiHead);

/// <summary>The optimizers.</summary>
internal enum OptimizerKind
{
    /// <summary><c>[Sgd]</c>.</summary>
    Sgd,

    /// <summary><c>[Adam]</c>.</summary>
    Adam,
}

/// <summary>The optimizer and its settings.</summary>
/// <param name="Kind">Which optimizer.</param>
/// <param name="LearningRate">Learning rate.</param>
/// <param name="Momentum">SGD momentum (0 for Adam, unused).</param>
internal readonly record struct OptimizerModel(OptimizerKind Kind, double LearningRate, double Momentum)
{
    /// <summary>The attribute's name without brackets, e.g. <c>Adam</c>.</summary>
    public string AttributeName => Kind.ToString();
}

/// <summary>The <c>[Training]</c> schedule.</summary>
/// <param name="Epochs">Passes over each task's training set.</param>
/// <param name="BatchSize">Samples per minibatch; 0 = full batch.</param>
internal readonly record struct TrainingModel(int Epochs, int BatchSize)
{
    /// <summary>
    /// The batch size when <c>[Training] BatchSize</c> is omitted: full batch (0) for curve regression, as the seed
    /// trained, else the attribute's default.
    /// </summary>
    public static int DefaultBatchSize(TaskFamilyModel? family) =>
        family is { IsRegression: true } ? ExperimentRules.Defaults.CurveBatchSize : ExperimentRules.Defaults.BatchSize;

    /// <summary>
    /// The epochs when <c>[Training] Epochs</c> is omitted: 3000 full-batch steps for curve regression, as the seed
    /// trained, else the attribute's default.
    /// </summary>
    public static int DefaultEpochs(TaskFamilyModel? family) =>
        family is { IsRegression: true } ? ExperimentRules.Defaults.CurveEpochs : ExperimentRules.Defaults.Epochs;

    /// <summary>The schedule without a <c>[Training]</c> attribute.</summary>
    public static TrainingModel Default(TaskFamilyModel? family) => new(DefaultEpochs(family), DefaultBatchSize(family));
}

/// <summary>An <c>[Ewc]</c> penalty.</summary>
/// <param name="Lambda">Penalty strength.</param>
/// <param name="FisherSamples">Samples per Fisher estimate.</param>
/// <param name="Online">Online EWC (one anchor, decayed Fisher sum) instead of offline.</param>
/// <param name="Gamma">Online EWC's per-task decay of the running Fisher (unused offline).</param>
/// <param name="Fisher">The Fisher estimator as C# (<c>FisherEstimator.Empirical</c>, or a cast).</param>
internal readonly record struct EwcModel(double Lambda, int FisherSamples, bool Online, double Gamma, string Fisher);

/// <summary>An <c>[L1]</c> penalty.</summary>
/// <param name="Strength">Penalty strength.</param>
/// <param name="Layers">Penalised linear layers (0-based, the output layer last); empty = every layer.</param>
internal sealed record L1Model(double Strength, EquatableArray<int> Layers);

/// <summary>A <c>[FisherMask]</c> gradient mask.</summary>
/// <param name="Freeze">Fraction of ranked units frozen after each task.</param>
/// <param name="Threshold">Absolute significance threshold; 0 = use <paramref name="Freeze"/>.</param>
/// <param name="Scope">The scope as C# (<c>MaskScope.Layerwise</c>, or a cast).</param>
/// <param name="Granularity">The granularity as C# (<c>MaskGranularity.Neuron</c>, or a cast).</param>
/// <param name="Accumulate">The accumulation as C# (<c>MaskAccumulation.Union</c>, or a cast).</param>
/// <param name="Fisher">The significance estimator as C# (<c>FisherEstimator.Empirical</c>, or a cast).</param>
/// <param name="FisherSamples">Samples per significance estimate.</param>
internal readonly record struct MaskModel(double Freeze, double Threshold, string Scope, string Granularity, string Accumulate, string Fisher, int FisherSamples);

/// <summary>One claim of an <c>[Expect]</c>: an <c>[Expect]</c> with both thresholds gives two.</summary>
/// <param name="Metric">A member name of <c>Engram.Dsl.Metric</c>, e.g. <c>Acc</c>.</param>
/// <param name="Bound"><c>AtLeast</c> or <c>AtMost</c> (a member name of <c>Engram.Experiments.Bound</c>).</param>
/// <param name="Threshold">The threshold, inclusive.</param>
internal readonly record struct ClaimModel(string Metric, string Bound, double Threshold);

/// <summary>An experiment with claims, seen from a test project: the generated test runs it and checks them.</summary>
/// <param name="Namespace">The class's namespace, empty for the global namespace.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="Name">The experiment's name.</param>
/// <param name="Claims">Its claims.</param>
internal sealed record ClaimTestModel(string Namespace, string ClassName, string Name, EquatableArray<ClaimModel> Claims)
{
    /// <summary>The experiment class's fully qualified name as C#.</summary>
    public string FullName => Names.Qualified(Namespace, ClassName);

    /// <summary>The experiment class's fully qualified name with <c>global::</c>.</summary>
    public string GlobalTypeName => "global::" + FullName;
}

/// <summary>
/// What the compilation offers the experiment tests: whether it references xunit, and the experiments with claims
/// that its referenced assemblies declare (found through their <c>DeclaredExperiment</c> assembly attributes).
/// </summary>
/// <param name="ReferencesXunit">Whether <c>Xunit.FactAttribute</c> is available.</param>
/// <param name="Referenced">Accessible experiments with claims from referenced assemblies (empty without xunit).</param>
internal sealed record TestHostModel(bool ReferencesXunit, EquatableArray<ClaimTestModel> Referenced)
{
    /// <summary>A compilation without xunit: no tests.</summary>
    public static TestHostModel None { get; } = new(false, EquatableArray<ClaimTestModel>.Empty);
}

/// <summary>
/// What parsing one [Experiment] class yields: the model to emit (null when the declaration is too broken to emit),
/// its diagnostics, and its name with a location for the assembly-wide uniqueness check.
/// </summary>
/// <param name="Model">The model, or null.</param>
/// <param name="Diagnostics">The diagnostics of this declaration.</param>
/// <param name="NameInfo">The experiment's name, or null when there is no model.</param>
internal sealed record ExperimentParseResult(ExperimentModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, ExperimentName? NameInfo);

/// <summary>An experiment's name, which class declares it and where (for ENG0019).</summary>
/// <param name="Name">The name.</param>
/// <param name="TypeName">The declaring class, fully qualified.</param>
/// <param name="Location">The <c>Name = ...</c> argument, or the class identifier.</param>
internal sealed record ExperimentName(string Name, string TypeName, LocationInfo Location);

/// <summary>One entry of the generated <c>ExperimentCatalog</c>.</summary>
/// <param name="Name">Experiment name.</param>
/// <param name="Description">Description, or empty.</param>
/// <param name="Family">Task family name.</param>
/// <param name="GlobalTypeName">The class, fully qualified with <c>global::</c>.</param>
internal sealed record CatalogEntry(string Name, string Description, string Family, string GlobalTypeName);

/// <summary>An item to emit with the unique hint name of its file.</summary>
/// <typeparam name="T">The model emitted.</typeparam>
/// <param name="Item">The model.</param>
/// <param name="HintName">Its file's hint name, unique in the compilation ignoring case.</param>
internal sealed record HintNamed<T>(T Item, string HintName);

/// <summary>Where an experiment's generated code is compiled: its namespace, and its name for messages.</summary>
/// <param name="Namespace">The class's namespace, empty for the global namespace.</param>
/// <param name="Name">The experiment's name.</param>
internal sealed record ExperimentPlace(string Namespace, string Name);

/// <summary>How the models' names combine.</summary>
internal static class Names
{
    /// <summary><c>Namespace.Class</c>, or <c>Class</c> in the global namespace.</summary>
    public static string Qualified(string ns, string className) => ns.Length == 0 ? className : ns + "." + className;
}
