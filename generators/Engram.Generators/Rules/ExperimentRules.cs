// The validation rules of an experiment declaration: stable ids, the valid ranges, the messages and the defaults.
//
// Plain C# with no Roslyn dependency, written to compile both in the netstandard2.0 generator (where the rules become
// the ENGxxxx compile-time diagnostics) and in any .NET project that links this file as source, e.g. the runtime
// checking command-line overrides with exactly the same rules and words:
//
//   <Compile Include="../../generators/Engram.Generators/Rules/ExperimentRules.cs" Link="Dsl/ExperimentRules.cs" />
//
// Define ENGRAM_RULES_PUBLIC in the including project to make the types public instead of internal.
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engram.Validation;

/// <summary>How serious a broken rule is.</summary>
#if ENGRAM_RULES_PUBLIC
public
#else
internal
#endif
enum RuleSeverity
{
    /// <summary>The declaration cannot run as written (compile error; a run-time override is refused).</summary>
    Error,

    /// <summary>The declaration runs, but part of it can have no effect (compile warning; an override is accepted with a warning).</summary>
    Warning,
}

/// <summary>One rule of an experiment declaration: a stable id, a short title, a message and a severity.</summary>
/// <remarks>
/// The message is a composite format whose arguments are already formatted strings (see
/// <see cref="ExperimentRules.Value(int)"/> and <see cref="ExperimentRules.Value(double)"/>), so the text is the same
/// in every culture.
/// </remarks>
#if ENGRAM_RULES_PUBLIC
public
#else
internal
#endif
sealed class ExperimentRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="id">Stable id, <c>ENG</c> and four digits.</param>
    /// <param name="title">Short title (no final period).</param>
    /// <param name="messageFormat">Composite format of the message: what is wrong, the value found and the valid range.</param>
    /// <param name="severity">Error (the default) or warning.</param>
    public ExperimentRule(string id, string title, string messageFormat, RuleSeverity severity = RuleSeverity.Error)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Severity = severity;
    }

    /// <summary>Stable id, e.g. <c>ENG0007</c>.</summary>
    public string Id { get; }

    /// <summary>Short title.</summary>
    public string Title { get; }

    /// <summary>Composite format of the message; its arguments are preformatted strings.</summary>
    public string MessageFormat { get; }

    /// <summary>Error or warning.</summary>
    public RuleSeverity Severity { get; }

    /// <summary>The message for the given (preformatted) arguments.</summary>
    public string Format(params string[] arguments) => string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);

    /// <inheritdoc />
    public override string ToString() => Id + ": " + Title;
}

/// <summary>A broken rule: which one, and the message for the value found.</summary>
#if ENGRAM_RULES_PUBLIC
public
#else
internal
#endif
sealed class RuleViolation
{
    /// <summary>Creates a violation of <paramref name="rule"/> with the message built from <paramref name="arguments"/>.</summary>
    public RuleViolation(ExperimentRule rule, params string[] arguments)
    {
        Rule = rule;
        Arguments = arguments;
        Message = rule.Format(arguments);
    }

    /// <summary>The rule broken.</summary>
    public ExperimentRule Rule { get; }

    /// <summary>The preformatted message arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The full message.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Rule.Id + ": " + Message;
}

/// <summary>
/// Every rule an experiment declaration must satisfy, with its id, valid range and message, and the default of every
/// setting (equal to the defaults of the attributes in <c>Engram.Dsl</c>). The single source of these rules for the
/// generator's diagnostics and for run-time checks.
/// </summary>
#if ENGRAM_RULES_PUBLIC
public
#else
internal
#endif
static class ExperimentRules
{
    /// <summary>Diagnostic category of every rule.</summary>
    public const string Category = "Engram";

    /// <summary>The ids, as constants (the generator's release tracking reads them).</summary>
    public static class Ids
    {
        /// <summary>The experiment class is not partial.</summary>
        public const string ClassNotPartial = "ENG0001";

        /// <summary>The experiment class is nested in another type.</summary>
        public const string NestedClass = "ENG0002";

        /// <summary>The experiment class is generic.</summary>
        public const string GenericClass = "ENG0003";

        /// <summary>The experiment class is static.</summary>
        public const string StaticClass = "ENG0004";

        /// <summary>No task family attribute.</summary>
        public const string NoTaskFamily = "ENG0005";

        /// <summary>No model attribute.</summary>
        public const string NoModel = "ENG0006";

        /// <summary>A hidden layer size is less than 1.</summary>
        public const string HiddenLayerSize = "ENG0007";

        /// <summary>No optimizer attribute.</summary>
        public const string NoOptimizer = "ENG0008";

        /// <summary>More than one optimizer attribute.</summary>
        public const string MultipleOptimizers = "ENG0009";

        /// <summary>Fewer than one task.</summary>
        public const string Tasks = "ENG0010";

        /// <summary>Epochs less than 1.</summary>
        public const string Epochs = "ENG0011";

        /// <summary>Batch size negative.</summary>
        public const string BatchSize = "ENG0012";

        /// <summary>Learning rate not a finite positive number.</summary>
        public const string LearningRate = "ENG0013";

        /// <summary>Momentum outside [0, 1).</summary>
        public const string Momentum = "ENG0014";

        /// <summary>EWC lambda negative or not finite.</summary>
        public const string EwcLambda = "ENG0015";

        /// <summary>Fisher samples less than 1.</summary>
        public const string FisherSamples = "ENG0016";

        /// <summary>An enum setting (activation, curve, mask scope, ...) that is not a defined member.</summary>
        public const string EnumMember = "ENG0017";

        /// <summary>Experiment name empty or with characters not allowed.</summary>
        public const string Name = "ENG0018";

        /// <summary>Two experiments of one assembly share a name.</summary>
        public const string DuplicateName = "ENG0019";

        /// <summary>More than one task family attribute.</summary>
        public const string MultipleTaskFamilies = "ENG0020";

        /// <summary>A regularizer or mask with a single task (warning).</summary>
        public const string RegularizerSingleTask = "ENG0021";

        /// <summary>EWC with lambda 0 (warning).</summary>
        public const string EwcLambdaZero = "ENG0022";

        /// <summary>An expectation on a metric the task family does not produce.</summary>
        public const string ExpectMetric = "ENG0023";

        /// <summary>An expectation without a threshold.</summary>
        public const string ExpectNoThreshold = "ENG0024";

        /// <summary>An expectation threshold outside the metric's range.</summary>
        public const string ExpectThreshold = "ENG0025";

        /// <summary>An expectation whose AtLeast is above its AtMost.</summary>
        public const string ExpectEmptyRange = "ENG0026";

        /// <summary>An Engram.Dsl attribute or argument the generator does not expand.</summary>
        public const string NotExpanded = "ENG0027";

        /// <summary>A mask's frozen fraction outside (0, 1].</summary>
        public const string MaskFreeze = "ENG0028";

        /// <summary>A mask's significance threshold negative or not finite.</summary>
        public const string MaskThreshold = "ENG0029";

        /// <summary>L1 strength negative or not finite.</summary>
        public const string L1Strength = "ENG0030";

        /// <summary>An L1 layer index that is not a layer of the model.</summary>
        public const string L1Layer = "ENG0031";

        /// <summary>Online EWC gamma outside [0, 1].</summary>
        public const string EwcGamma = "ENG0032";

        /// <summary>EWC gamma set without online EWC (warning).</summary>
        public const string EwcGammaWithoutOnline = "ENG0033";

        /// <summary>A curve x-range without finite From &lt; To.</summary>
        public const string CurveRange = "ENG0034";

        /// <summary>Fewer than one training point per curve task.</summary>
        public const string CurveSamples = "ENG0035";

        /// <summary>Curve noise negative or not finite.</summary>
        public const string CurveNoise = "ENG0036";

        /// <summary>Split tasks needing more classes than the data set has.</summary>
        public const string SplitClasses = "ENG0037";

        /// <summary>Split classes per task outside the scenario's range.</summary>
        public const string ClassesPerTask = "ENG0038";

        /// <summary>A multi-head model in a scenario without task identity at test time.</summary>
        public const string MultiHeadWithoutTaskIdentity = "ENG0039";

        /// <summary>The task-incremental scenario with a single shared head.</summary>
        public const string TaskIncrementalSingleHead = "ENG0040";

        /// <summary>A class with a task family attribute but no [Experiment].</summary>
        public const string NoExperiment = "ENG0041";

        /// <summary>An experiment class named like a type its generated code uses.</summary>
        public const string ReservedClassName = "ENG0042";

        /// <summary>A type of an experiment's namespace hides a name its generated code uses.</summary>
        public const string HiddenGeneratedName = "ENG0043";

        /// <summary>An experiment declared as a record.</summary>
        public const string NotAClass = "ENG0044";

        /// <summary>A model with more parameters than a run can hold.</summary>
        public const string ModelTooLarge = "ENG0045";

        /// <summary>An experiment class declaring a member the generator adds.</summary>
        public const string ReservedMemberName = "ENG0046";
    }

    /// <summary>Defaults of every setting, equal to the property initializers of the <c>Engram.Dsl</c> attributes.</summary>
    public static class Defaults
    {
        /// <summary><c>[Experiment] Seed</c>.</summary>
        public const int Seed = 1;

        /// <summary><c>[PermutedMnist] Tasks</c>.</summary>
        public const int Tasks = 5;

        /// <summary><c>[SplitMnist] Tasks</c>.</summary>
        public const int SplitTasks = 5;

        /// <summary><c>[SplitMnist] ClassesPerTask</c>.</summary>
        public const int SplitClassesPerTask = 2;

        /// <summary><c>[SplitMnist] Scenario</c> (a member name of <c>Engram.Dsl.Scenario</c>).</summary>
        public const string Scenario = "ClassIncremental";

        /// <summary><c>[Mlp] MultiHead</c>.</summary>
        public const bool MultiHead = false;

        /// <summary><c>[CurveRegression] Tasks</c>.</summary>
        public const int CurveTasks = 3;

        /// <summary><c>[CurveRegression] From</c>.</summary>
        public const double CurveFrom = -1.5;

        /// <summary><c>[CurveRegression] To</c>.</summary>
        public const double CurveTo = 1.5;

        /// <summary><c>[CurveRegression] Samples</c>.</summary>
        public const int CurveSamples = 100;

        /// <summary><c>[CurveRegression] Noise</c>.</summary>
        public const double CurveNoise = 0.1;

        /// <summary><c>[CurveRegression] Curve</c> (a member name of <c>Engram.Dsl.Curve</c>).</summary>
        public const string Curve = "Polynomial";

        /// <summary><c>[CurveRegression] Seed</c>.</summary>
        public const int CurveSeed = 0;

        /// <summary><c>[Mlp] Activation</c> (a member name of <c>Engram.Dsl.Activation</c>).</summary>
        public const string Activation = "ReLU";

        /// <summary><c>[Training] Epochs</c>.</summary>
        public const int Epochs = 1;

        /// <summary><c>[Training] BatchSize</c> (classification families).</summary>
        public const int BatchSize = 64;

        /// <summary>
        /// The batch size of a <c>[CurveRegression]</c> experiment whose <c>[Training]</c> (or its BatchSize) is omitted:
        /// 0, full batch, as the seed's curve experiments trained. Not an attribute default.
        /// </summary>
        public const int CurveBatchSize = 0;

        /// <summary>
        /// The epochs of a <c>[CurveRegression]</c> experiment whose <c>[Training]</c> (or its Epochs) is omitted: 3000
        /// full-batch steps per task, as the seed's curve experiments trained (one would learn nothing). Not an
        /// attribute default.
        /// </summary>
        public const int CurveEpochs = 3000;

        /// <summary><c>[Sgd] LearningRate</c>.</summary>
        public const double SgdLearningRate = 0.01;

        /// <summary><c>[Sgd] Momentum</c>.</summary>
        public const double SgdMomentum = 0;

        /// <summary><c>[Adam] LearningRate</c>.</summary>
        public const double AdamLearningRate = 1e-3;

        /// <summary><c>[Ewc] Lambda</c>.</summary>
        public const double EwcLambda = 100;

        /// <summary><c>[Ewc] FisherSamples</c>.</summary>
        public const int EwcFisherSamples = 1000;

        /// <summary><c>[Ewc] Online</c>.</summary>
        public const bool EwcOnline = false;

        /// <summary><c>[Ewc] Gamma</c>.</summary>
        public const double EwcGamma = 1.0;

        /// <summary><c>[Ewc] Fisher</c> and <c>[FisherMask] Fisher</c> (a member name of <c>Engram.Dsl.FisherEstimator</c>).</summary>
        public const string Fisher = "Empirical";

        /// <summary><c>[L1] Strength</c>.</summary>
        public const double L1Strength = 1e-4;

        /// <summary><c>[FisherMask] Freeze</c>.</summary>
        public const double MaskFreeze = 0.9;

        /// <summary><c>[FisherMask] Threshold</c>.</summary>
        public const double MaskThreshold = 0;

        /// <summary><c>[FisherMask] Scope</c> (a member name of <c>Engram.Dsl.MaskScope</c>).</summary>
        public const string MaskScope = "Layerwise";

        /// <summary><c>[FisherMask] Granularity</c> (a member name of <c>Engram.Dsl.MaskGranularity</c>).</summary>
        public const string MaskGranularity = "Neuron";

        /// <summary><c>[FisherMask] Accumulate</c> (a member name of <c>Engram.Dsl.MaskAccumulation</c>).</summary>
        public const string MaskAccumulate = "Union";

        /// <summary><c>[FisherMask] FisherSamples</c>.</summary>
        public const int MaskFisherSamples = 1000;
    }

    /// <summary>ENG0001. Arguments: class name.</summary>
    public static readonly ExperimentRule ClassNotPartial = new(
        Ids.ClassNotPartial,
        "Experiment class must be partial",
        "Experiment class '{0}' is not partial; the generator adds its Spec and Run members, so declare it 'partial class {0}'");

    /// <summary>ENG0002. Arguments: class name, containing type.</summary>
    public static readonly ExperimentRule NestedClass = new(
        Ids.NestedClass,
        "Experiment class must not be nested",
        "Experiment class '{0}' is nested in '{1}'; an experiment must be a top-level class of a namespace or of the global namespace");

    /// <summary>ENG0003. Arguments: class name, type parameter list.</summary>
    public static readonly ExperimentRule GenericClass = new(
        Ids.GenericClass,
        "Experiment class must not be generic",
        "Experiment class '{0}' has type parameters <{1}>; an experiment must be a class without type parameters");

    /// <summary>ENG0004. Arguments: class name.</summary>
    public static readonly ExperimentRule StaticClass = new(
        Ids.StaticClass,
        "Experiment class must not be static",
        "Experiment class '{0}' is static; an experiment must be a non-static class");

    /// <summary>ENG0005. Arguments: class name, the task family attributes.</summary>
    public static readonly ExperimentRule NoTaskFamily = new(
        Ids.NoTaskFamily,
        "Experiment declares no task family",
        "Experiment '{0}' declares no task family; add exactly one of {1}");

    /// <summary>ENG0006. Arguments: class name.</summary>
    public static readonly ExperimentRule NoModel = new(
        Ids.NoModel,
        "Experiment declares no model",
        "Experiment '{0}' declares no model; add [Mlp(...)] with the hidden layer sizes, e.g. [Mlp(100, 100)]");

    /// <summary>ENG0007. Arguments: 1-based layer number, size found.</summary>
    public static readonly ExperimentRule HiddenLayerSize = new(
        Ids.HiddenLayerSize,
        "Hidden layer size must be at least 1",
        "Hidden layer {0} of [Mlp] has size {1}; every hidden layer needs at least 1 neuron");

    /// <summary>ENG0008. Arguments: class name, the optimizer attributes.</summary>
    public static readonly ExperimentRule NoOptimizer = new(
        Ids.NoOptimizer,
        "Experiment declares no optimizer",
        "Experiment '{0}' declares no optimizer; add exactly one of {1}");

    /// <summary>ENG0009. Arguments: class name, count found, the attributes found, the optimizer attributes.</summary>
    public static readonly ExperimentRule MultipleOptimizers = new(
        Ids.MultipleOptimizers,
        "Experiment declares more than one optimizer",
        "Experiment '{0}' declares {1} optimizers ({2}); declare exactly one of {3}");

    /// <summary>ENG0010. Arguments: task family attribute, value found.</summary>
    public static readonly ExperimentRule Tasks = new(
        Ids.Tasks,
        "Task count must be between 1 and 1000",
        "[{0}] Tasks is {1}; an experiment needs at least 1 task and at most 1000");

    /// <summary>ENG0011. Arguments: value found.</summary>
    public static readonly ExperimentRule Epochs = new(
        Ids.Epochs,
        "Epochs must be at least 1",
        "[Training] Epochs is {0}; every task needs at least 1 epoch");

    /// <summary>ENG0012. Arguments: value found.</summary>
    public static readonly ExperimentRule BatchSize = new(
        Ids.BatchSize,
        "Batch size must not be negative",
        "[Training] BatchSize is {0}; it must be at least 0 (0 = full batch: every step trains on the task's whole training set)");

    /// <summary>ENG0013. Arguments: optimizer attribute, value found.</summary>
    public static readonly ExperimentRule LearningRate = new(
        Ids.LearningRate,
        "Learning rate must be greater than 0",
        "[{0}] LearningRate is {1}; it must be a finite number greater than 0");

    /// <summary>ENG0014. Arguments: value found.</summary>
    public static readonly ExperimentRule Momentum = new(
        Ids.Momentum,
        "Momentum must be in [0, 1)",
        "[Sgd] Momentum is {0}; it must be at least 0 and less than 1 (0 is plain SGD)");

    /// <summary>ENG0015. Arguments: value found.</summary>
    public static readonly ExperimentRule EwcLambda = new(
        Ids.EwcLambda,
        "EWC lambda must not be negative",
        "[Ewc] Lambda is {0}; the penalty strength must be a finite number at least 0");

    /// <summary>ENG0016. Arguments: the attribute (<c>Ewc</c> or <c>FisherMask</c>), value found.</summary>
    public static readonly ExperimentRule FisherSamples = new(
        Ids.FisherSamples,
        "Fisher samples must be at least 1",
        "[{0}] FisherSamples is {1}; the Fisher estimate needs at least 1 sample");

    /// <summary>ENG0017. Arguments: attribute, property, value found (the number of an undefined member), the defined names.</summary>
    public static readonly ExperimentRule EnumMember = new(
        Ids.EnumMember,
        "Setting must be a defined enum member",
        "[{0}] {1} is {2}; it must be one of {3}");

    /// <summary>ENG0018. Arguments: name found.</summary>
    public static readonly ExperimentRule Name = new(
        Ids.Name,
        "Experiment name is not valid",
        "Experiment name '{0}' is not valid; a name has 1 to 100 characters, starts with an ASCII letter or digit and has only ASCII letters, digits, '.', '-' and '_' (it names a folder and a command-line argument)");

    /// <summary>ENG0019. Arguments: name, the other class using it, the other class's name for it (which may differ in case).</summary>
    public static readonly ExperimentRule DuplicateName = new(
        Ids.DuplicateName,
        "Experiment name is used twice",
        "Experiment name '{0}' is already used by '{1}' (as '{2}'); experiment names must be unique within an assembly, ignoring case, because each names a run folder");

    /// <summary>ENG0020. Arguments: class name, count found, the attributes found, the task family attributes.</summary>
    public static readonly ExperimentRule MultipleTaskFamilies = new(
        Ids.MultipleTaskFamilies,
        "Experiment declares more than one task family",
        "Experiment '{0}' declares {1} task families ({2}); declare exactly one of {3}");

    /// <summary>ENG0021 (warning). Arguments: regularizer or mask attribute, task family attribute.</summary>
    public static readonly ExperimentRule RegularizerSingleTask = new(
        Ids.RegularizerSingleTask,
        "Regularizer or mask has no earlier task to protect",
        "[{0}] can do nothing: [{1}] Tasks is 1, and a regularizer or mask protects earlier tasks only while later ones train; declare Tasks = 2 or more, or remove [{0}]",
        RuleSeverity.Warning);

    /// <summary>ENG0022 (warning). No arguments.</summary>
    public static readonly ExperimentRule EwcLambdaZero = new(
        Ids.EwcLambdaZero,
        "EWC with lambda 0 does nothing",
        "[Ewc] Lambda is 0, so the penalty is always 0 and the run is plain fine-tuning; use a Lambda greater than 0, or remove [Ewc] for the fine-tuning baseline",
        RuleSeverity.Warning);

    /// <summary>ENG0023. Arguments: metric found (member name or number), task family attribute, the metrics it produces, why (or empty).</summary>
    public static readonly ExperimentRule ExpectMetric = new(
        Ids.ExpectMetric,
        "Expected metric is not produced by the task family",
        "[Expect] Metric is {0}, which [{1}] does not produce{3}; expect one of {2}");

    /// <summary>ENG0024. Arguments: metric.</summary>
    public static readonly ExperimentRule ExpectNoThreshold = new(
        Ids.ExpectNoThreshold,
        "Expectation has no threshold",
        "[Expect(Metric.{0})] sets neither AtLeast nor AtMost; a claim needs a threshold, so set AtLeast, AtMost or both");

    /// <summary>ENG0025. Arguments: metric, bound (AtLeast or AtMost), value found, the metric's range.</summary>
    public static readonly ExperimentRule ExpectThreshold = new(
        Ids.ExpectThreshold,
        "Expectation threshold is outside the metric's range",
        "[Expect(Metric.{0})] {1} is {2}; {0} lies in {3}, so the threshold must be a number in that range");

    /// <summary>ENG0026. Arguments: metric, AtLeast, AtMost.</summary>
    public static readonly ExperimentRule ExpectEmptyRange = new(
        Ids.ExpectEmptyRange,
        "Expectation can never be met",
        "[Expect(Metric.{0})] AtLeast is {1} and AtMost is {2}; no value is at least {1} and at most {2}");

    /// <summary>ENG0027. Arguments: the attribute (<c>[Replay]</c>) or the attribute and argument (<c>[Ewc] Decay</c>).</summary>
    public static readonly ExperimentRule NotExpanded = new(
        Ids.NotExpanded,
        "Declared setting is not expanded by the generator",
        "{0} is not expanded by this version of the Engram generator, so a run would silently ignore it; remove it until the generator supports it");

    /// <summary>ENG0028. Arguments: value found.</summary>
    public static readonly ExperimentRule MaskFreeze = new(
        Ids.MaskFreeze,
        "Mask freeze fraction must be in (0, 1]",
        "[FisherMask] Freeze is {0}; the fraction of units to freeze must be greater than 0 and at most 1 (0.9 freezes the most significant 90%)");

    /// <summary>ENG0029. Arguments: value found.</summary>
    public static readonly ExperimentRule MaskThreshold = new(
        Ids.MaskThreshold,
        "Mask threshold must not be negative",
        "[FisherMask] Threshold is {0}; it must be a finite number at least 0 (0 freezes by the Freeze fraction instead)");

    /// <summary>ENG0030. Arguments: value found.</summary>
    public static readonly ExperimentRule L1Strength = new(
        Ids.L1Strength,
        "L1 strength must not be negative",
        "[L1] Strength is {0}; the penalty strength must be a finite number at least 0");

    /// <summary>ENG0031. Arguments: layer index found, the output layer's index (= the number of hidden layers).</summary>
    public static readonly ExperimentRule L1Layer = new(
        Ids.L1Layer,
        "L1 layer index is not a layer of the model",
        "[L1] Layers has {0}; it must be a linear layer of the model, 0 to {1}, where {1} (the number of hidden layers in [Mlp]) is the output layer");

    /// <summary>ENG0032. Arguments: value found.</summary>
    public static readonly ExperimentRule EwcGamma = new(
        Ids.EwcGamma,
        "Online EWC gamma must be in [0, 1]",
        "[Ewc] Gamma is {0}; the per-task decay of the running Fisher must be at least 0 and at most 1 (1 sums every task's Fisher, 0 keeps only the latest task's)");

    /// <summary>ENG0033 (warning). Arguments: value found.</summary>
    public static readonly ExperimentRule EwcGammaWithoutOnline = new(
        Ids.EwcGammaWithoutOnline,
        "EWC Gamma has no effect without Online",
        "[Ewc] Gamma is {0} but Online is false: offline EWC keeps every task's Fisher and anchor undecayed, so Gamma has no effect; set Online = true, or remove Gamma",
        RuleSeverity.Warning);

    /// <summary>ENG0034. Arguments: From, To.</summary>
    public static readonly ExperimentRule CurveRange = new(
        Ids.CurveRange,
        "Curve x-range must have From less than To",
        "[CurveRegression] From is {0} and To is {1}; the x-range needs finite numbers with From less than To");

    /// <summary>ENG0035. Arguments: value found.</summary>
    public static readonly ExperimentRule CurveSamples = new(
        Ids.CurveSamples,
        "Curve training points must be at least 1",
        "[CurveRegression] Samples is {0}; every task needs at least 1 training point");

    /// <summary>ENG0036. Arguments: value found.</summary>
    public static readonly ExperimentRule CurveNoise = new(
        Ids.CurveNoise,
        "Curve noise must not be negative",
        "[CurveRegression] Noise is {0}; the noise standard deviation must be a finite number at least 0 (0 = noise-free targets)");

    /// <summary>ENG0037. Arguments: Tasks, ClassesPerTask, classes needed, classes the data set has.</summary>
    public static readonly ExperimentRule SplitClasses = new(
        Ids.SplitClasses,
        "Split tasks need more classes than the data set has",
        "[SplitMnist] Tasks is {0} and ClassesPerTask is {1}, so the tasks need {2} classes, but MNIST has {3}; lower Tasks or ClassesPerTask so that Tasks x ClassesPerTask is at most {3}");

    /// <summary>ENG0038. Arguments: value found, the scenario, the least valid value, the most, why the least (or empty).</summary>
    public static readonly ExperimentRule ClassesPerTask = new(
        Ids.ClassesPerTask,
        "Classes per split task out of range",
        "[SplitMnist] ClassesPerTask is {0}; in Scenario.{1} it must be from {2} to {3}{4}");

    /// <summary>ENG0039. Arguments: the scenario.</summary>
    public static readonly ExperimentRule MultiHeadWithoutTaskIdentity = new(
        Ids.MultiHeadWithoutTaskIdentity,
        "Multi-head model needs the task identity at test time",
        "[Mlp] MultiHead is true, but [SplitMnist] Scenario is {0}, which gives no task identity at test time to choose a head with; use Scenario.TaskIncremental, or remove MultiHead for one shared head");

    /// <summary>ENG0040. No arguments.</summary>
    public static readonly ExperimentRule TaskIncrementalSingleHead = new(
        Ids.TaskIncrementalSingleHead,
        "Task-incremental scenario needs a multi-head model",
        "[SplitMnist] Scenario is TaskIncremental, but [Mlp] has one shared head, which cannot use the task identity (the run would be domain-incremental); set MultiHead = true on [Mlp], or use Scenario.DomainIncremental");

    /// <summary>ENG0041. Arguments: class name, the task family attribute.</summary>
    public static readonly ExperimentRule NoExperiment = new(
        Ids.NoExperiment,
        "Task family without [Experiment]",
        "Class '{0}' has [{1}] but no [Experiment], so nothing is generated for it and no command or test can run it; add [Experiment] to make it an experiment, or remove [{1}]");

    /// <summary>ENG0042. Arguments: class name, what the generated code means by that name.</summary>
    public static readonly ExperimentRule ReservedClassName = new(
        Ids.ReservedClassName,
        "Experiment class has a name the generated code uses",
        "Experiment class '{0}' has the name of {1}, which its generated code uses, so inside the class that name would mean the class itself; rename the class, e.g. to '{0}Experiment' (the experiment's name can stay '{0}' with [Experiment(Name = \"{0}\")])");

    /// <summary>ENG0043. Arguments: the hiding type, what the generated code means by the name, the experiments (e.g. <c>experiment 'A'</c>), their namespace (e.g. <c>namespace Lab</c>).</summary>
    public static readonly ExperimentRule HiddenGeneratedName = new(
        Ids.HiddenGeneratedName,
        "A type hides a name the generated code uses",
        "Type '{0}' has the name of {1}, which the generated code of {2} uses; in {3} the name means '{0}' instead, so that code cannot compile; rename '{0}', or declare the experiments in another namespace");

    /// <summary>ENG0044. Arguments: class name, what it is declared as (e.g. <c>record</c>).</summary>
    public static readonly ExperimentRule NotAClass = new(
        Ids.NotAClass,
        "Experiment must be a class",
        "Experiment '{0}' is declared as a {1}; the generator adds a Spec record and a Run loop to a 'partial class', so declare 'public partial class {0}'");

    /// <summary>ENG0045. Arguments: the layer sizes, the parameter count, the limit.</summary>
    public static readonly ExperimentRule ModelTooLarge = new(
        Ids.ModelTooLarge,
        "Model has too many parameters",
        "The model {0} has {1} parameters; at most {2} fit a run on a CPU (the weights, their gradients, the optimizer's state and the regularizers' anchors are several copies); use smaller layers");

    /// <summary>ENG0046. Arguments: class name, member name, what the generated code means by it.</summary>
    public static readonly ExperimentRule ReservedMemberName = new(
        Ids.ReservedMemberName,
        "Experiment class has a member whose name the generated code needs",
        "Experiment class '{0}' has a member named '{1}' (declared or inherited), but its generated code needs that name for {2}; rename the member");

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<ExperimentRule> All { get; } =
    [
        ClassNotPartial, NestedClass, GenericClass, StaticClass, NoTaskFamily, NoModel, HiddenLayerSize, NoOptimizer,
        MultipleOptimizers, Tasks, Epochs, BatchSize, LearningRate, Momentum, EwcLambda, FisherSamples, EnumMember, Name,
        DuplicateName, MultipleTaskFamilies, RegularizerSingleTask, EwcLambdaZero, ExpectMetric, ExpectNoThreshold,
        ExpectThreshold, ExpectEmptyRange, NotExpanded, MaskFreeze, MaskThreshold, L1Strength, L1Layer, EwcGamma,
        EwcGammaWithoutOnline, CurveRange, CurveSamples, CurveNoise, SplitClasses, ClassesPerTask,
        MultiHeadWithoutTaskIdentity, TaskIncrementalSingleHead, NoExperiment, ReservedClassName, HiddenGeneratedName,
        NotAClass, ModelTooLarge, ReservedMemberName,
    ];

    /// <summary>The members the generator adds to every experiment class (ENG0046 for a member of the same name).</summary>
    public static IReadOnlyList<string> GeneratedMembers { get; } = ["Spec", "Declared", "Claims", "Run"];

    /// <summary>Most parameters a model may have (ENG0045): 100 million, 400 MB of float32 weights.</summary>
    public const long MaxParameters = 100_000_000;

    /// <summary>Checks the size of an MLP: at most <see cref="MaxParameters"/> weights and biases over all layers and heads.</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="hidden">Hidden layer sizes (each already at least 1).</param>
    /// <param name="outputs">Outputs of each head.</param>
    /// <param name="heads">Output heads.</param>
    public static RuleViolation? CheckModelSize(int inputs, IReadOnlyList<int> hidden, int outputs, int heads)
    {
        double parameters = 0; // double: int.MaxValue x int.MaxValue must not wrap
        double previous = inputs;
        foreach (int size in hidden)
        {
            parameters += previous * size + size;
            previous = size;
        }

        parameters += heads * (previous * outputs + outputs);
        if (parameters <= MaxParameters)
            return null;
        var sizes = new List<string> { Value(inputs) };
        foreach (int size in hidden)
            sizes.Add(Value(size));
        sizes.Add(heads == 1 ? Value(outputs) : Value(heads) + " x " + Value(outputs));
        return new RuleViolation(ModelTooLarge, string.Join("-", sizes), parameters.ToString("N0", CultureInfo.InvariantCulture), MaxParameters.ToString("N0", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The simple names the generated code of an experiment uses, each with what it means there: an experiment class of
    /// one of these names would hide it (ENG0042). Generators.Tests checks that every name the generated code of the
    /// samples binds outside its class is listed.
    /// </summary>
    public static IReadOnlyDictionary<string, string> GeneratedCodeNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Spec"] = "its generated member Spec",
        ["Declared"] = "its generated member Declared",
        ["Claims"] = "its generated member Claims",
        ["Run"] = "its generated member Run",
        ["ContinualRun"] = "Engram.Training.ContinualRun",
        ["ContinualTask"] = "Engram.Tasks.ContinualTask",
        ["Minibatch"] = "Engram.Tasks.Minibatch",
        ["PermutedMnist"] = "Engram.Tasks.PermutedMnist",
        ["SplitMnist"] = "Engram.Tasks.SplitMnist",
        ["CurveRegression"] = "Engram.Tasks.CurveRegression",
        ["Mlp"] = "Engram.Models.Mlp",
        ["OfflineEwc"] = "Engram.Regularizers.OfflineEwc",
        ["OnlineEwc"] = "Engram.Regularizers.OnlineEwc",
        ["L1Penalty"] = "Engram.Regularizers.L1Penalty",
        ["GradientMask"] = "Engram.Masks.GradientMask",
        ["MaskRule"] = "Engram.Masks.MaskRule",
        ["FisherInformation"] = "Engram.Importance.FisherInformation",
        ["ParameterImportance"] = "Engram.Importance.ParameterImportance",
        ["Likelihood"] = "Engram.Importance.Likelihood",
        ["ExperimentResult"] = "Engram.Experiments.ExperimentResult",
        ["RunContext"] = "Engram.Experiments.RunContext",
        ["RunSize"] = "Engram.Experiments.RunSize",
        ["RunSizes"] = "Engram.Experiments.RunSizes",
        ["RunOverrides"] = "Engram.Experiments.RunOverrides",
        ["OverrideCheck"] = "Engram.Experiments.OverrideCheck",
        ["OverrideResult"] = "Engram.Experiments.OverrideResult",
        ["IExperimentSpec"] = "Engram.Experiments.IExperimentSpec",
        ["Claim"] = "Engram.Experiments.Claim",
        ["Bound"] = "Engram.Experiments.Bound",
        ["Metric"] = "Engram.Dsl.Metric",
        ["Activation"] = "Engram.Dsl.Activation",
        ["Curve"] = "Engram.Dsl.Curve",
        ["Scenario"] = "Engram.Dsl.Scenario",
        ["FisherEstimator"] = "Engram.Dsl.FisherEstimator",
        ["MaskScope"] = "Engram.Dsl.MaskScope",
        ["MaskGranularity"] = "Engram.Dsl.MaskGranularity",
        ["MaskAccumulation"] = "Engram.Dsl.MaskAccumulation",
        ["Tensor"] = "TorchSharp.torch.Tensor",
        ["NewDisposeScope"] = "TorchSharp.torch.NewDisposeScope",
        ["optim"] = "TorchSharp.torch.optim",
        ["nn"] = "TorchSharp.torch.nn",
        ["IReadOnlyList"] = "System.Collections.Generic.IReadOnlyList",
        ["var"] = "the contextual keyword var (its locals are declared with 'using var')",
    };

    /// <summary>
    /// The root namespaces the generated files' <c>using</c> directives name: a type of the global namespace with one of
    /// these names would be found instead (ENG0043).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ImportedNamespaces { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["System"] = "the namespace System",
        ["Engram"] = "the namespace Engram",
        ["TorchSharp"] = "the namespace TorchSharp",
    };

    /// <summary>Checks that an experiment class's name is not one of <see cref="GeneratedCodeNames"/>.</summary>
    public static RuleViolation? CheckClassName(string className) =>
        GeneratedCodeNames.TryGetValue(className, out string? meaning) ? new RuleViolation(ReservedClassName, className, meaning) : null;

    /// <summary>The task family attributes (names without brackets), each produced metric listed in <see cref="MetricsOf"/>.</summary>
    public static IReadOnlyList<string> TaskFamilyNames { get; } = ["PermutedMnist", "SplitMnist", "CurveRegression"];

    /// <summary>
    /// Whether a task family's runs read a data set (the embedded MNIST digits or a directory given at run time), or
    /// generate their tasks from the declaration alone (curve regression), so that a data directory means nothing to them.
    /// </summary>
    /// <param name="family">The task family attribute, e.g. <c>SplitMnist</c>.</param>
    public static bool ReadsData(string family) => family != "CurveRegression";

    /// <summary>The task family attributes, as the messages list them.</summary>
    public static string TaskFamilies { get; } = OneOf(TaskFamilyNames);

    /// <summary>The optimizer attributes, as the messages list them.</summary>
    public const string Optimizers = "[Sgd] or [Adam]";

    /// <summary>An integer as the messages show it (invariant culture).</summary>
    public static string Value(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number as the messages (and the generated code) show it: round-trip, invariant culture, so <c>1e-3</c> is <c>0.001</c>.</summary>
    public static string Value(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Most tasks an experiment may declare: every task is evaluated after every task and the matrix has Tasks²
    /// entries, so far beyond this a run would take days and its matrix gigabytes.
    /// </summary>
    public const int MaxTasks = 1000;

    /// <summary>Checks a task count (<c>[PermutedMnist] Tasks</c>, <c>[CurveRegression] Tasks</c>): 1 to <see cref="MaxTasks"/>.</summary>
    public static RuleViolation? CheckTasks(string family, int tasks) =>
        tasks >= 1 && tasks <= MaxTasks ? null : new RuleViolation(Tasks, family, Value(tasks));

    /// <summary>Checks one hidden layer size of <c>[Mlp]</c>: at least 1.</summary>
    /// <param name="index">0-based layer index (the message counts from 1).</param>
    /// <param name="size">The size declared.</param>
    public static RuleViolation? CheckHiddenLayer(int index, int size) =>
        size >= 1 ? null : new RuleViolation(HiddenLayerSize, Value(index + 1), Value(size));

    /// <summary>Checks <c>[Training] Epochs</c>: at least 1.</summary>
    public static RuleViolation? CheckEpochs(int epochs) =>
        epochs >= 1 ? null : new RuleViolation(Epochs, Value(epochs));

    /// <summary>Checks <c>[Training] BatchSize</c>: at least 0 (0 = full batch).</summary>
    public static RuleViolation? CheckBatchSize(int batchSize) =>
        batchSize >= 0 ? null : new RuleViolation(BatchSize, Value(batchSize));

    /// <summary>Checks an optimizer's learning rate: finite and greater than 0.</summary>
    /// <param name="optimizer">The optimizer attribute's name, e.g. <c>Sgd</c>.</param>
    /// <param name="learningRate">The rate declared.</param>
    public static RuleViolation? CheckLearningRate(string optimizer, double learningRate) =>
        learningRate > 0 && !double.IsInfinity(learningRate) ? null : new RuleViolation(LearningRate, optimizer, Value(learningRate));

    /// <summary>Checks <c>[Sgd] Momentum</c>: in [0, 1).</summary>
    public static RuleViolation? CheckMomentum(double momentum) =>
        momentum >= 0 && momentum < 1 ? null : new RuleViolation(Momentum, Value(momentum));

    /// <summary>Checks <c>[Ewc] Lambda</c>: finite and at least 0.</summary>
    public static RuleViolation? CheckEwcLambda(double lambda) =>
        lambda >= 0 && !double.IsInfinity(lambda) ? null : new RuleViolation(EwcLambda, Value(lambda));

    /// <summary>Checks the <c>FisherSamples</c> of <c>[Ewc]</c> or <c>[FisherMask]</c>: at least 1.</summary>
    /// <param name="attribute">The attribute, <c>Ewc</c> or <c>FisherMask</c>.</param>
    /// <param name="samples">The count declared.</param>
    public static RuleViolation? CheckFisherSamples(string attribute, int samples) =>
        samples >= 1 ? null : new RuleViolation(FisherSamples, attribute, Value(samples));

    /// <summary>
    /// Checks an enum setting given by name (<c>[Mlp] Activation</c>, <c>[CurveRegression] Curve</c>,
    /// <c>[FisherMask] Scope</c>, ...): one of <paramref name="definedNames"/>.
    /// </summary>
    /// <param name="attribute">The attribute, e.g. <c>Mlp</c>.</param>
    /// <param name="property">The property, e.g. <c>Activation</c>.</param>
    /// <param name="value">The value as text: a member name, or the number of an undefined value.</param>
    /// <param name="definedNames">The members of the enum.</param>
    public static RuleViolation? CheckEnumMember(string attribute, string property, string value, IReadOnlyList<string> definedNames)
    {
        foreach (string name in definedNames)
        {
            if (string.Equals(name, value, StringComparison.Ordinal))
                return null;
        }

        return new RuleViolation(EnumMember, attribute, property, value, string.Join(", ", definedNames));
    }

    /// <summary>Checks <c>[FisherMask] Freeze</c>: greater than 0 and at most 1.</summary>
    public static RuleViolation? CheckMaskFreeze(double freeze) =>
        freeze > 0 && freeze <= 1 ? null : new RuleViolation(MaskFreeze, Value(freeze));

    /// <summary>Checks <c>[FisherMask] Threshold</c>: finite and at least 0.</summary>
    public static RuleViolation? CheckMaskThreshold(double threshold) =>
        threshold >= 0 && !double.IsInfinity(threshold) ? null : new RuleViolation(MaskThreshold, Value(threshold));

    /// <summary>Checks <c>[L1] Strength</c>: finite and at least 0.</summary>
    public static RuleViolation? CheckL1Strength(double strength) =>
        strength >= 0 && !double.IsInfinity(strength) ? null : new RuleViolation(L1Strength, Value(strength));

    /// <summary>Checks one index of <c>[L1] Layers</c>: a linear layer of the model, 0 to the number of hidden layers (the output layer).</summary>
    /// <param name="layer">The index declared.</param>
    /// <param name="hiddenLayers">The number of hidden layers of <c>[Mlp]</c>.</param>
    public static RuleViolation? CheckL1Layer(int layer, int hiddenLayers) =>
        layer >= 0 && layer <= hiddenLayers ? null : new RuleViolation(L1Layer, Value(layer), Value(hiddenLayers));

    /// <summary>Checks <c>[Ewc] Gamma</c>: in [0, 1].</summary>
    public static RuleViolation? CheckEwcGamma(double gamma) =>
        gamma >= 0 && gamma <= 1 ? null : new RuleViolation(EwcGamma, Value(gamma));

    /// <summary>Checks (warning) that an <c>[Ewc] Gamma</c> that is set has an effect: <c>Online = true</c>.</summary>
    /// <param name="gamma">The gamma declared.</param>
    /// <param name="online">Whether <c>Online = true</c>.</param>
    public static RuleViolation? CheckEwcGammaHasEffect(double gamma, bool online) =>
        online ? null : new RuleViolation(EwcGammaWithoutOnline, Value(gamma));

    /// <summary>The classes of the MNIST-layout data sets (the digits, Fashion-MNIST's garments): 10.</summary>
    public const int MnistClasses = 10;

    /// <summary>Checks <c>[SplitMnist] ClassesPerTask</c>: 1 (Class-IL only) or 2 up to <see cref="MnistClasses"/>.</summary>
    /// <param name="classesPerTask">The count declared.</param>
    /// <param name="scenario">The scenario's member name, e.g. <c>ClassIncremental</c>.</param>
    public static RuleViolation? CheckClassesPerTask(int classesPerTask, string scenario)
    {
        bool classIncremental = scenario == "ClassIncremental";
        int least = classIncremental ? 1 : 2;
        string why = classIncremental ? "" : " (a task of one class has nothing to tell apart; only Scenario.ClassIncremental asks to tell it from the other tasks' classes)";
        return classesPerTask >= least && classesPerTask <= MnistClasses
            ? null
            : new RuleViolation(ClassesPerTask, Value(classesPerTask), scenario, Value(least), Value(MnistClasses), why);
    }

    /// <summary>Checks that <c>[SplitMnist]</c>'s tasks fit in the data set's classes: Tasks x ClassesPerTask at most <see cref="MnistClasses"/>.</summary>
    /// <param name="tasks">The task count (a count outside 1..<see cref="MaxTasks"/> is <see cref="Tasks"/>'s error, not this one).</param>
    /// <param name="classesPerTask">Classes per task (a count outside 1..<see cref="MnistClasses"/> is <see cref="ClassesPerTask"/>'s error).</param>
    public static RuleViolation? CheckSplitClasses(int tasks, int classesPerTask)
    {
        long needed = (long)tasks * classesPerTask;
        return tasks < 1 || tasks > MaxTasks || classesPerTask < 1 || classesPerTask > MnistClasses || needed <= MnistClasses
            ? null
            : new RuleViolation(SplitClasses, Value(tasks), Value(classesPerTask), needed.ToString(CultureInfo.InvariantCulture), Value(MnistClasses));
    }

    /// <summary>Checks that the model's heads fit the split scenario: a head per task exactly when the task identity is given (Task-IL).</summary>
    /// <param name="scenario">The scenario's member name, e.g. <c>TaskIncremental</c> (an undefined one is not checked).</param>
    /// <param name="multiHead">Whether <c>[Mlp] MultiHead = true</c>.</param>
    public static RuleViolation? CheckHeads(string scenario, bool multiHead) => scenario switch
    {
        "TaskIncremental" when !multiHead => new RuleViolation(TaskIncrementalSingleHead),
        "DomainIncremental" or "ClassIncremental" when multiHead => new RuleViolation(MultiHeadWithoutTaskIdentity, scenario),
        _ => null,
    };

    /// <summary>Checks the x-range of <c>[CurveRegression]</c>: finite, From less than To.</summary>
    public static RuleViolation? CheckCurveRange(double from, double to) =>
        from < to && !double.IsInfinity(from) && !double.IsInfinity(to) ? null : new RuleViolation(CurveRange, Value(from), Value(to));

    /// <summary>Checks <c>[CurveRegression] Samples</c>: at least 1.</summary>
    public static RuleViolation? CheckCurveSamples(int samples) =>
        samples >= 1 ? null : new RuleViolation(CurveSamples, Value(samples));

    /// <summary>Checks <c>[CurveRegression] Noise</c>: finite and at least 0.</summary>
    public static RuleViolation? CheckCurveNoise(double noise) =>
        noise >= 0 && !double.IsInfinity(noise) ? null : new RuleViolation(CurveNoise, Value(noise));

    /// <summary>Checks that a class declares at most one task family.</summary>
    /// <param name="className">The experiment class.</param>
    /// <param name="found">The task family attributes found (names without brackets), in declaration order.</param>
    public static RuleViolation? CheckTaskFamilyCount(string className, IReadOnlyList<string> found) =>
        found.Count <= 1 ? null : new RuleViolation(MultipleTaskFamilies, className, Value(found.Count), string.Join(", ", Bracketed(found)), TaskFamilies);

    /// <summary>Checks that a class declares at most one optimizer.</summary>
    /// <param name="className">The experiment class.</param>
    /// <param name="found">The optimizer attributes found (names without brackets), in declaration order.</param>
    public static RuleViolation? CheckOptimizerCount(string className, IReadOnlyList<string> found) =>
        found.Count <= 1 ? null : new RuleViolation(MultipleOptimizers, className, Value(found.Count), string.Join(", ", Bracketed(found)), Optimizers);

    /// <summary>Checks (warning) that a regularizer or mask has an earlier task to protect: at least 2 tasks.</summary>
    /// <param name="regularizer">The regularizer or mask attribute, e.g. <c>Ewc</c> or <c>FisherMask</c>.</param>
    /// <param name="family">The task family attribute, e.g. <c>PermutedMnist</c>.</param>
    /// <param name="tasks">The number of tasks (a count below 1 is <see cref="Tasks"/>'s error, not this warning).</param>
    public static RuleViolation? CheckRegularizerTasks(string regularizer, string family, int tasks) =>
        tasks == 1 ? new RuleViolation(RegularizerSingleTask, regularizer, family) : null;

    /// <summary>Checks (warning) that <c>[Ewc] Lambda</c> is not 0.</summary>
    public static RuleViolation? CheckEwcLambdaHasEffect(double lambda) =>
        lambda == 0 ? new RuleViolation(EwcLambdaZero) : null;

    /// <summary>The metrics (members of <c>Engram.Dsl.Metric</c>) a task family's runs produce.</summary>
    /// <param name="family">The task family attribute, e.g. <c>PermutedMnist</c>.</param>
    public static IReadOnlyList<string> MetricsOf(string family) => family switch
    {
        "PermutedMnist" or "SplitMnist" => ["Acc", "Bwt"],
        "CurveRegression" => ["Mse"],
        _ => [],
    };

    /// <summary>The range a metric's values lie in, as the messages show it, or null for a name that is no metric.</summary>
    public static string? MetricRange(string metric) => metric switch
    {
        "Acc" => "[0, 1] (a fraction: 0.8 means 80%)",
        "Bwt" => "[-1, 1] (a fraction: -0.05 means 5 percentage points lost)",
        "Mse" => "[0, infinity)",
        _ => null,
    };

    /// <summary>
    /// Checks that <paramref name="family"/> produces <paramref name="metric"/> with <paramref name="tasks"/> tasks: BWT
    /// needs an earlier task, so a single task produces none (a claim on it would always be met).
    /// </summary>
    /// <param name="family">The task family attribute, e.g. <c>PermutedMnist</c>.</param>
    /// <param name="metric">The metric as text: a member name of <c>Engram.Dsl.Metric</c>, or the number of an undefined value.</param>
    /// <param name="tasks">The number of tasks declared.</param>
    public static RuleViolation? CheckExpectMetric(string family, string metric, int tasks)
    {
        var produced = new List<string>(MetricsOf(family));
        string why = "";
        if (tasks == 1 && produced.Remove("Bwt"))
            why = " with Tasks = 1 (BWT compares each earlier task before and after the later ones)";
        foreach (string name in produced)
        {
            if (string.Equals(name, metric, StringComparison.Ordinal))
                return null;
        }

        return new RuleViolation(ExpectMetric, metric, family, string.Join(", ", produced), metric == "Bwt" ? why : "");
    }

    /// <summary>Checks that an expectation sets at least one threshold.</summary>
    public static RuleViolation? CheckExpectHasThreshold(string metric, bool atLeast, bool atMost) =>
        atLeast || atMost ? null : new RuleViolation(ExpectNoThreshold, metric);

    /// <summary>Checks one threshold of an expectation: a number inside the metric's range.</summary>
    /// <param name="metric">A member name of <c>Engram.Dsl.Metric</c> (an unknown name is not checked here).</param>
    /// <param name="bound"><c>AtLeast</c> or <c>AtMost</c>.</param>
    /// <param name="threshold">The threshold declared.</param>
    public static RuleViolation? CheckExpectThreshold(string metric, string bound, double threshold)
    {
        bool inRange = metric switch
        {
            "Acc" => threshold >= 0 && threshold <= 1,
            "Bwt" => threshold >= -1 && threshold <= 1,
            "Mse" => threshold >= 0 && !double.IsInfinity(threshold),
            _ => true,
        };
        return inRange ? null : new RuleViolation(ExpectThreshold, metric, bound, Value(threshold), MetricRange(metric) ?? "");
    }

    /// <summary>Checks that an expectation with both thresholds can be met: AtLeast at most AtMost.</summary>
    public static RuleViolation? CheckExpectBounds(string metric, double atLeast, double atMost) =>
        atLeast <= atMost ? null : new RuleViolation(ExpectEmptyRange, metric, Value(atLeast), Value(atMost));

    /// <summary>
    /// Checks an experiment name: a letter or digit first, then letters, digits, '.', '-' or '_' (it is a
    /// command-line argument and a directory name).
    /// </summary>
    public static RuleViolation? CheckName(string name)
    {
        bool valid = name.Length > 0 && name.Length <= MaxNameLength && IsAsciiLetterOrDigit(name[0]);
        for (int i = 1; valid && i < name.Length; i++)
        {
            char c = name[i];
            valid = IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
        }

        return valid ? null : new RuleViolation(Name, name);
    }

    /// <summary>Longest experiment name: a run folder is &lt;name&gt;/&lt;time&gt; under the output folder, and a file name has at most 255 bytes.</summary>
    public const int MaxNameLength = 100;

    /// <summary>"[A], [B] or [C]".</summary>
    private static string OneOf(IReadOnlyList<string> names)
    {
        var bracketed = new List<string>(Bracketed(names));
        return bracketed.Count == 1
            ? bracketed[0]
            : string.Join(", ", bracketed.GetRange(0, bracketed.Count - 1)) + " or " + bracketed[bracketed.Count - 1];
    }

    private static IEnumerable<string> Bracketed(IEnumerable<string> names)
    {
        foreach (string name in names)
            yield return "[" + name + "]";
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
}
