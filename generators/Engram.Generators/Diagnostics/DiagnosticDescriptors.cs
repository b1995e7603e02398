using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Engram.Validation;
using Microsoft.CodeAnalysis;

namespace Engram.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, in category "Engram". Ids, titles, messages and severities come from
/// <see cref="ExperimentRules"/>, the single place the rules are written (docs/diagnostics.md explains each); each is
/// spelled out with constant ids and severities because release tracking (RS2000-RS2008) reads them from the source.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary><see cref="ExperimentRules.ClassNotPartial"/>.</summary>
    public static readonly DiagnosticDescriptor ClassNotPartial = new(
        ExperimentRules.Ids.ClassNotPartial,
        ExperimentRules.ClassNotPartial.Title,
        ExperimentRules.ClassNotPartial.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.NestedClass"/>.</summary>
    public static readonly DiagnosticDescriptor NestedClass = new(
        ExperimentRules.Ids.NestedClass,
        ExperimentRules.NestedClass.Title,
        ExperimentRules.NestedClass.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.GenericClass"/>.</summary>
    public static readonly DiagnosticDescriptor GenericClass = new(
        ExperimentRules.Ids.GenericClass,
        ExperimentRules.GenericClass.Title,
        ExperimentRules.GenericClass.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.StaticClass"/>.</summary>
    public static readonly DiagnosticDescriptor StaticClass = new(
        ExperimentRules.Ids.StaticClass,
        ExperimentRules.StaticClass.Title,
        ExperimentRules.StaticClass.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.NoTaskFamily"/>.</summary>
    public static readonly DiagnosticDescriptor NoTaskFamily = new(
        ExperimentRules.Ids.NoTaskFamily,
        ExperimentRules.NoTaskFamily.Title,
        ExperimentRules.NoTaskFamily.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.NoModel"/>.</summary>
    public static readonly DiagnosticDescriptor NoModel = new(
        ExperimentRules.Ids.NoModel,
        ExperimentRules.NoModel.Title,
        ExperimentRules.NoModel.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.HiddenLayerSize"/>.</summary>
    public static readonly DiagnosticDescriptor HiddenLayerSize = new(
        ExperimentRules.Ids.HiddenLayerSize,
        ExperimentRules.HiddenLayerSize.Title,
        ExperimentRules.HiddenLayerSize.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.NoOptimizer"/>.</summary>
    public static readonly DiagnosticDescriptor NoOptimizer = new(
        ExperimentRules.Ids.NoOptimizer,
        ExperimentRules.NoOptimizer.Title,
        ExperimentRules.NoOptimizer.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.MultipleOptimizers"/>.</summary>
    public static readonly DiagnosticDescriptor MultipleOptimizers = new(
        ExperimentRules.Ids.MultipleOptimizers,
        ExperimentRules.MultipleOptimizers.Title,
        ExperimentRules.MultipleOptimizers.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.Tasks"/>.</summary>
    public static readonly DiagnosticDescriptor Tasks = new(
        ExperimentRules.Ids.Tasks,
        ExperimentRules.Tasks.Title,
        ExperimentRules.Tasks.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.Epochs"/>.</summary>
    public static readonly DiagnosticDescriptor Epochs = new(
        ExperimentRules.Ids.Epochs,
        ExperimentRules.Epochs.Title,
        ExperimentRules.Epochs.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.BatchSize"/>.</summary>
    public static readonly DiagnosticDescriptor BatchSize = new(
        ExperimentRules.Ids.BatchSize,
        ExperimentRules.BatchSize.Title,
        ExperimentRules.BatchSize.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.LearningRate"/>.</summary>
    public static readonly DiagnosticDescriptor LearningRate = new(
        ExperimentRules.Ids.LearningRate,
        ExperimentRules.LearningRate.Title,
        ExperimentRules.LearningRate.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.Momentum"/>.</summary>
    public static readonly DiagnosticDescriptor Momentum = new(
        ExperimentRules.Ids.Momentum,
        ExperimentRules.Momentum.Title,
        ExperimentRules.Momentum.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.EwcLambda"/>.</summary>
    public static readonly DiagnosticDescriptor EwcLambda = new(
        ExperimentRules.Ids.EwcLambda,
        ExperimentRules.EwcLambda.Title,
        ExperimentRules.EwcLambda.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.FisherSamples"/>.</summary>
    public static readonly DiagnosticDescriptor FisherSamples = new(
        ExperimentRules.Ids.FisherSamples,
        ExperimentRules.FisherSamples.Title,
        ExperimentRules.FisherSamples.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.EnumMember"/>.</summary>
    public static readonly DiagnosticDescriptor EnumMember = new(
        ExperimentRules.Ids.EnumMember,
        ExperimentRules.EnumMember.Title,
        ExperimentRules.EnumMember.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.Name"/>.</summary>
    public static readonly DiagnosticDescriptor Name = new(
        ExperimentRules.Ids.Name,
        ExperimentRules.Name.Title,
        ExperimentRules.Name.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.DuplicateName"/>.</summary>
    public static readonly DiagnosticDescriptor DuplicateName = new(
        ExperimentRules.Ids.DuplicateName,
        ExperimentRules.DuplicateName.Title,
        ExperimentRules.DuplicateName.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.MultipleTaskFamilies"/>.</summary>
    public static readonly DiagnosticDescriptor MultipleTaskFamilies = new(
        ExperimentRules.Ids.MultipleTaskFamilies,
        ExperimentRules.MultipleTaskFamilies.Title,
        ExperimentRules.MultipleTaskFamilies.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.RegularizerSingleTask"/> (warning).</summary>
    public static readonly DiagnosticDescriptor RegularizerSingleTask = new(
        ExperimentRules.Ids.RegularizerSingleTask,
        ExperimentRules.RegularizerSingleTask.Title,
        ExperimentRules.RegularizerSingleTask.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.EwcLambdaZero"/> (warning).</summary>
    public static readonly DiagnosticDescriptor EwcLambdaZero = new(
        ExperimentRules.Ids.EwcLambdaZero,
        ExperimentRules.EwcLambdaZero.Title,
        ExperimentRules.EwcLambdaZero.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ExpectMetric"/>.</summary>
    public static readonly DiagnosticDescriptor ExpectMetric = new(
        ExperimentRules.Ids.ExpectMetric,
        ExperimentRules.ExpectMetric.Title,
        ExperimentRules.ExpectMetric.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ExpectNoThreshold"/>.</summary>
    public static readonly DiagnosticDescriptor ExpectNoThreshold = new(
        ExperimentRules.Ids.ExpectNoThreshold,
        ExperimentRules.ExpectNoThreshold.Title,
        ExperimentRules.ExpectNoThreshold.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ExpectThreshold"/>.</summary>
    public static readonly DiagnosticDescriptor ExpectThreshold = new(
        ExperimentRules.Ids.ExpectThreshold,
        ExperimentRules.ExpectThreshold.Title,
        ExperimentRules.ExpectThreshold.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ExpectEmptyRange"/>.</summary>
    public static readonly DiagnosticDescriptor ExpectEmptyRange = new(
        ExperimentRules.Ids.ExpectEmptyRange,
        ExperimentRules.ExpectEmptyRange.Title,
        ExperimentRules.ExpectEmptyRange.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.NotExpanded"/>.</summary>
    public static readonly DiagnosticDescriptor NotExpanded = new(
        ExperimentRules.Ids.NotExpanded,
        ExperimentRules.NotExpanded.Title,
        ExperimentRules.NotExpanded.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.MaskFreeze"/>.</summary>
    public static readonly DiagnosticDescriptor MaskFreeze = new(
        ExperimentRules.Ids.MaskFreeze,
        ExperimentRules.MaskFreeze.Title,
        ExperimentRules.MaskFreeze.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.MaskThreshold"/>.</summary>
    public static readonly DiagnosticDescriptor MaskThreshold = new(
        ExperimentRules.Ids.MaskThreshold,
        ExperimentRules.MaskThreshold.Title,
        ExperimentRules.MaskThreshold.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.L1Strength"/>.</summary>
    public static readonly DiagnosticDescriptor L1Strength = new(
        ExperimentRules.Ids.L1Strength,
        ExperimentRules.L1Strength.Title,
        ExperimentRules.L1Strength.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.L1Layer"/>.</summary>
    public static readonly DiagnosticDescriptor L1Layer = new(
        ExperimentRules.Ids.L1Layer,
        ExperimentRules.L1Layer.Title,
        ExperimentRules.L1Layer.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.EwcGamma"/>.</summary>
    public static readonly DiagnosticDescriptor EwcGamma = new(
        ExperimentRules.Ids.EwcGamma,
        ExperimentRules.EwcGamma.Title,
        ExperimentRules.EwcGamma.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.EwcGammaWithoutOnline"/> (warning).</summary>
    public static readonly DiagnosticDescriptor EwcGammaWithoutOnline = new(
        ExperimentRules.Ids.EwcGammaWithoutOnline,
        ExperimentRules.EwcGammaWithoutOnline.Title,
        ExperimentRules.EwcGammaWithoutOnline.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.CurveRange"/>.</summary>
    public static readonly DiagnosticDescriptor CurveRange = new(
        ExperimentRules.Ids.CurveRange,
        ExperimentRules.CurveRange.Title,
        ExperimentRules.CurveRange.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.CurveSamples"/>.</summary>
    public static readonly DiagnosticDescriptor CurveSamples = new(
        ExperimentRules.Ids.CurveSamples,
        ExperimentRules.CurveSamples.Title,
        ExperimentRules.CurveSamples.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.CurveNoise"/>.</summary>
    public static readonly DiagnosticDescriptor CurveNoise = new(
        ExperimentRules.Ids.CurveNoise,
        ExperimentRules.CurveNoise.Title,
        ExperimentRules.CurveNoise.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.SplitClasses"/>.</summary>
    public static readonly DiagnosticDescriptor SplitClasses = new(
        ExperimentRules.Ids.SplitClasses,
        ExperimentRules.SplitClasses.Title,
        ExperimentRules.SplitClasses.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ClassesPerTask"/>.</summary>
    public static readonly DiagnosticDescriptor ClassesPerTask = new(
        ExperimentRules.Ids.ClassesPerTask,
        ExperimentRules.ClassesPerTask.Title,
        ExperimentRules.ClassesPerTask.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.MultiHeadWithoutTaskIdentity"/>.</summary>
    public static readonly DiagnosticDescriptor MultiHeadWithoutTaskIdentity = new(
        ExperimentRules.Ids.MultiHeadWithoutTaskIdentity,
        ExperimentRules.MultiHeadWithoutTaskIdentity.Title,
        ExperimentRules.MultiHeadWithoutTaskIdentity.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.TaskIncrementalSingleHead"/>.</summary>
    public static readonly DiagnosticDescriptor TaskIncrementalSingleHead = new(
        ExperimentRules.Ids.TaskIncrementalSingleHead,
        ExperimentRules.TaskIncrementalSingleHead.Title,
        ExperimentRules.TaskIncrementalSingleHead.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.NoExperiment"/>.</summary>
    public static readonly DiagnosticDescriptor NoExperiment = new(
        ExperimentRules.Ids.NoExperiment,
        ExperimentRules.NoExperiment.Title,
        ExperimentRules.NoExperiment.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ReservedClassName"/>.</summary>
    public static readonly DiagnosticDescriptor ReservedClassName = new(
        ExperimentRules.Ids.ReservedClassName,
        ExperimentRules.ReservedClassName.Title,
        ExperimentRules.ReservedClassName.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.HiddenGeneratedName"/>.</summary>
    public static readonly DiagnosticDescriptor HiddenGeneratedName = new(
        ExperimentRules.Ids.HiddenGeneratedName,
        ExperimentRules.HiddenGeneratedName.Title,
        ExperimentRules.HiddenGeneratedName.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.NotAClass"/>.</summary>
    public static readonly DiagnosticDescriptor NotAClass = new(
        ExperimentRules.Ids.NotAClass,
        ExperimentRules.NotAClass.Title,
        ExperimentRules.NotAClass.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ModelTooLarge"/>.</summary>
    public static readonly DiagnosticDescriptor ModelTooLarge = new(
        ExperimentRules.Ids.ModelTooLarge,
        ExperimentRules.ModelTooLarge.Title,
        ExperimentRules.ModelTooLarge.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary><see cref="ExperimentRules.ReservedMemberName"/>.</summary>
    public static readonly DiagnosticDescriptor ReservedMemberName = new(
        ExperimentRules.Ids.ReservedMemberName,
        ExperimentRules.ReservedMemberName.Title,
        ExperimentRules.ReservedMemberName.MessageFormat,
        ExperimentRules.Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>Every descriptor, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        ClassNotPartial,
        NestedClass,
        GenericClass,
        StaticClass,
        NoTaskFamily,
        NoModel,
        HiddenLayerSize,
        NoOptimizer,
        MultipleOptimizers,
        Tasks,
        Epochs,
        BatchSize,
        LearningRate,
        Momentum,
        EwcLambda,
        FisherSamples,
        EnumMember,
        Name,
        DuplicateName,
        MultipleTaskFamilies,
        RegularizerSingleTask,
        EwcLambdaZero,
        ExpectMetric,
        ExpectNoThreshold,
        ExpectThreshold,
        ExpectEmptyRange,
        NotExpanded,
        MaskFreeze,
        MaskThreshold,
        L1Strength,
        L1Layer,
        EwcGamma,
        EwcGammaWithoutOnline,
        CurveRange,
        CurveSamples,
        CurveNoise,
        SplitClasses,
        ClassesPerTask,
        MultiHeadWithoutTaskIdentity,
        TaskIncrementalSingleHead,
        NoExperiment,
        ReservedClassName,
        HiddenGeneratedName,
        NotAClass,
        ModelTooLarge,
        ReservedMemberName,
    ];

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(static d => d.Id, StringComparer.Ordinal);

    /// <summary>The descriptor of <paramref name="rule"/>.</summary>
    public static DiagnosticDescriptor Of(ExperimentRule rule) => ById[rule.Id];

}
