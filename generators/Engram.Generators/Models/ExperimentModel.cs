using Engram.Generators.Diagnostics;
using Engram.Generators.Helpers;

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
    EwcModel? Ewc)
{
    /// <summary>The class's fully qualified name with <c>global::</c>.</summary>
    public string GlobalTypeName => Namespace.Length == 0 ? "global::" + ClassName : "global::" + Namespace + "." + ClassName;
}

/// <summary>The task families.</summary>
internal enum TaskFamilyKind
{
    /// <summary><c>[PermutedMnist]</c>.</summary>
    PermutedMnist,
}

/// <summary>A task family and its settings.</summary>
/// <param name="Kind">Which family.</param>
/// <param name="Tasks">Number of tasks.</param>
internal readonly record struct TaskFamilyModel(TaskFamilyKind Kind, int Tasks);

/// <summary>An <c>[Mlp]</c>.</summary>
/// <param name="Hidden">Hidden layer sizes, input side first.</param>
/// <param name="Activation">The activation as C# (<c>Activation.ReLU</c>, or a cast of an undefined value).</param>
internal sealed record MlpModel(EquatableArray<int> Hidden, string Activation);

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
internal readonly record struct OptimizerModel(OptimizerKind Kind, double LearningRate, double Momentum);

/// <summary>The <c>[Training]</c> schedule.</summary>
/// <param name="Epochs">Passes over each task's training set.</param>
/// <param name="BatchSize">Samples per minibatch.</param>
internal readonly record struct TrainingModel(int Epochs, int BatchSize);

/// <summary>An <c>[Ewc]</c> penalty.</summary>
/// <param name="Lambda">Penalty strength.</param>
/// <param name="FisherSamples">Samples per Fisher estimate.</param>
internal readonly record struct EwcModel(double Lambda, int FisherSamples);

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
