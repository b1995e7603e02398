using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Engram.Generators.Diagnostics;
using Engram.Generators.Helpers;
using Engram.Generators.Models;
using Engram.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Generators;

/// <summary>Parse: an [Experiment] class and its Engram.Dsl attributes to a model and diagnostics.</summary>
public sealed partial class ExperimentGenerator
{
    private const string DslNamespace = "Engram.Dsl";

    private static ExperimentParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (ClassDeclarationSyntax)context.TargetNode;
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        LocationInfo identifier = LocationInfo.From(syntax.Identifier);
        string className = type.Name;

        // The class: it receives members, so it must be a partial, top-level, non-generic, non-static class.
        bool canEmit = true;
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, identifier, className));
            canEmit = false;
        }

        if (type.ContainingType is { } container)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NestedClass, identifier, className, container.ToDisplayString()));
            canEmit = false;
        }

        if (type.TypeParameters.Length > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, identifier, className, string.Join(", ", type.TypeParameters.Select(static p => p.Name))));
            canEmit = false;
        }

        if (type.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticClass, identifier, className));
            canEmit = false;
        }

        // The attributes, from every part of the class. One that does not bind (the compiler reports it) blocks
        // emitting but still counts as present, so no misleading "missing" diagnostic follows.
        AttributeData experiment = context.Attributes[0];
        AttributeData? family = null, mlp = null, training = null, ewc = null;
        var optimizers = new List<AttributeData>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { } attributeClass || attributeClass.ContainingNamespace?.ToDisplayString() != DslNamespace)
                continue;
            switch (attributeClass.Name)
            {
                case "PermutedMnistAttribute":
                    family = attribute;
                    break;
                case "MlpAttribute":
                    mlp = attribute;
                    break;
                case "SgdAttribute":
                case "AdamAttribute":
                    optimizers.Add(attribute);
                    break;
                case "TrainingAttribute":
                    training = attribute;
                    break;
                case "EwcAttribute":
                    ewc = attribute;
                    break;
                default:
                    continue;
            }

            if (HasErrors(attribute))
                canEmit = false;
        }

        if (HasErrors(experiment))
            canEmit = false;

        cancellationToken.ThrowIfCancellationRequested();

        // [Experiment]
        LocationInfo experimentLocation = AttributeLocation(experiment, identifier, cancellationToken);
        string name = className;
        LocationInfo nameLocation = identifier;
        if (Named(experiment, "Name") is { Value: string declaredName })
        {
            name = declaredName;
            nameLocation = ArgumentLocation(experiment, "Name", identifier, cancellationToken);
            AddIfBroken(diagnostics, DiagnosticDescriptors.Name, ExperimentRules.CheckName(name), nameLocation);
        }

        string description = Named(experiment, "Description") is { Value: string declaredDescription } ? declaredDescription : "";
        int seed = IntArgument(experiment, "Seed", ExperimentRules.Defaults.Seed);

        // Task family
        TaskFamilyModel familyModel = default;
        if (family is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoTaskFamily, experimentLocation, className, ExperimentRules.TaskFamilies));
            canEmit = false;
        }
        else
        {
            int tasks = IntArgument(family, "Tasks", ExperimentRules.Defaults.Tasks);
            AddIfBroken(diagnostics, DiagnosticDescriptors.Tasks, ExperimentRules.CheckTasks(nameof(TaskFamilyKind.PermutedMnist), tasks), ArgumentLocation(family, "Tasks", experimentLocation, cancellationToken));
            familyModel = new TaskFamilyModel(TaskFamilyKind.PermutedMnist, tasks);
        }

        // Model
        MlpModel? mlpModel = null;
        if (mlp is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoModel, experimentLocation, className));
            canEmit = false;
        }
        else
        {
            mlpModel = ParseMlp(mlp, experimentLocation, diagnostics, cancellationToken);
        }

        // Optimizer: exactly one
        OptimizerModel optimizerModel = default;
        if (optimizers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoOptimizer, experimentLocation, className, ExperimentRules.Optimizers));
            canEmit = false;
        }
        else
        {
            if (optimizers.Count > 1)
            {
                string found = string.Join(", ", optimizers.Select(static o => "[" + ShortName(o) + "]"));
                foreach (AttributeData extra in optimizers.Skip(1))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.MultipleOptimizers,
                        AttributeLocation(extra, experimentLocation, cancellationToken),
                        className,
                        ExperimentRules.Value(optimizers.Count),
                        found,
                        ExperimentRules.Optimizers));
                }

                canEmit = false;
            }

            // Every optimizer's values are checked; the first one is the model's (emitted only if it is the only one).
            for (int i = 0; i < optimizers.Count; i++)
            {
                OptimizerModel parsedOptimizer = ParseOptimizer(optimizers[i], experimentLocation, diagnostics, cancellationToken);
                if (i == 0)
                    optimizerModel = parsedOptimizer;
            }
        }

        // Schedule
        TrainingModel trainingModel = new(ExperimentRules.Defaults.Epochs, ExperimentRules.Defaults.BatchSize);
        if (training is not null)
        {
            trainingModel = new TrainingModel(
                IntArgument(training, "Epochs", ExperimentRules.Defaults.Epochs),
                IntArgument(training, "BatchSize", ExperimentRules.Defaults.BatchSize));
            AddIfBroken(diagnostics, DiagnosticDescriptors.Epochs, ExperimentRules.CheckEpochs(trainingModel.Epochs), ArgumentLocation(training, "Epochs", experimentLocation, cancellationToken));
            AddIfBroken(diagnostics, DiagnosticDescriptors.BatchSize, ExperimentRules.CheckBatchSize(trainingModel.BatchSize), ArgumentLocation(training, "BatchSize", experimentLocation, cancellationToken));
        }

        // EWC
        EwcModel? ewcModel = null;
        if (ewc is not null)
        {
            var model = new EwcModel(
                DoubleArgument(ewc, "Lambda", ExperimentRules.Defaults.EwcLambda),
                IntArgument(ewc, "FisherSamples", ExperimentRules.Defaults.EwcFisherSamples));
            AddIfBroken(diagnostics, DiagnosticDescriptors.EwcLambda, ExperimentRules.CheckEwcLambda(model.Lambda), ArgumentLocation(ewc, "Lambda", experimentLocation, cancellationToken));
            AddIfBroken(diagnostics, DiagnosticDescriptors.FisherSamples, ExperimentRules.CheckFisherSamples(model.FisherSamples), ArgumentLocation(ewc, "FisherSamples", experimentLocation, cancellationToken));
            ewcModel = model;
        }

        ExperimentModel? result = null;
        if (canEmit && mlpModel is not null)
        {
            string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : "";
            result = new ExperimentModel(ns, className, name, description, seed, familyModel, mlpModel, optimizerModel, trainingModel, ewcModel);
        }

        return new ExperimentParseResult(
            result,
            diagnostics.ToEquatableArray(),
            result is null ? null : new ExperimentName(name, result.GlobalTypeName.Substring("global::".Length), nameLocation));
    }

    private static MlpModel ParseMlp(AttributeData mlp, LocationInfo fallback, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var hidden = new List<int>();
        if (mlp.ConstructorArguments.Length == 1 && mlp.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } sizes)
        {
            foreach (TypedConstant size in sizes.Values)
                hidden.Add(size.Value is null ? 0 : Convert.ToInt32(size.Value, CultureInfo.InvariantCulture));
        }

        for (int i = 0; i < hidden.Count; i++)
        {
            if (ExperimentRules.CheckHiddenLayer(i, hidden[i]) is { } violation)
                diagnostics.Add(Violation(DiagnosticDescriptors.HiddenLayerSize, violation, HiddenLayerLocation(mlp, i, fallback, cancellationToken)));
        }

        string activation = "Activation." + ExperimentRules.Defaults.Activation;
        if (Named(mlp, "Activation") is { Kind: TypedConstantKind.Enum, Type: INamedTypeSymbol enumType } declared)
        {
            IFieldSymbol[] members = enumType.GetMembers().OfType<IFieldSymbol>().Where(static f => f.HasConstantValue).ToArray();
            string[] names = members.Select(static f => f.Name).ToArray();
            string? member = members.FirstOrDefault(f => Equals(f.ConstantValue, declared.Value))?.Name;
            string text = member ?? Convert.ToString(declared.Value, CultureInfo.InvariantCulture) ?? "";
            activation = member is null ? "(Activation)" + text : "Activation." + member;
            AddIfBroken(diagnostics, DiagnosticDescriptors.Activation, ExperimentRules.CheckActivation(text, names), ArgumentLocation(mlp, "Activation", fallback, cancellationToken));
        }

        return new MlpModel(hidden.ToEquatableArray(), activation);
    }

    private static OptimizerModel ParseOptimizer(AttributeData optimizer, LocationInfo fallback, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        string shortName = ShortName(optimizer);
        bool sgd = shortName == "Sgd";
        double learningRate = DoubleArgument(optimizer, "LearningRate", sgd ? ExperimentRules.Defaults.SgdLearningRate : ExperimentRules.Defaults.AdamLearningRate);
        double momentum = sgd ? DoubleArgument(optimizer, "Momentum", ExperimentRules.Defaults.SgdMomentum) : 0;
        AddIfBroken(diagnostics, DiagnosticDescriptors.LearningRate, ExperimentRules.CheckLearningRate(shortName, learningRate), ArgumentLocation(optimizer, "LearningRate", fallback, cancellationToken));
        if (sgd)
            AddIfBroken(diagnostics, DiagnosticDescriptors.Momentum, ExperimentRules.CheckMomentum(momentum), ArgumentLocation(optimizer, "Momentum", fallback, cancellationToken));

        return new OptimizerModel(sgd ? OptimizerKind.Sgd : OptimizerKind.Adam, learningRate, momentum);
    }

    private static void AddIfBroken(List<DiagnosticInfo> diagnostics, DiagnosticDescriptor descriptor, RuleViolation? violation, LocationInfo location)
    {
        if (violation is not null)
            diagnostics.Add(Violation(descriptor, violation, location));
    }

    private static DiagnosticInfo Violation(DiagnosticDescriptor descriptor, RuleViolation violation, LocationInfo location) =>
        new(descriptor, location, violation.Arguments.ToEquatableArray());

    /// <summary>"Sgd" for SgdAttribute: the name as written in brackets.</summary>
    private static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? "";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static bool HasErrors(AttributeData attribute) =>
        attribute.AttributeClass is null or IErrorTypeSymbol
        || attribute.AttributeConstructor is null
        || attribute.ConstructorArguments.Any(static a => a.Kind == TypedConstantKind.Error)
        || attribute.NamedArguments.Any(static a => a.Value.Kind == TypedConstantKind.Error);

    private static TypedConstant? Named(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
                return argument.Value;
        }

        return null;
    }

    private static int IntArgument(AttributeData attribute, string name, int fallback) =>
        Named(attribute, name) is { Value: not null } value ? Convert.ToInt32(value.Value, CultureInfo.InvariantCulture) : fallback;

    private static double DoubleArgument(AttributeData attribute, string name, double fallback) =>
        Named(attribute, name) is { Value: not null } value ? Convert.ToDouble(value.Value, CultureInfo.InvariantCulture) : fallback;

    private static AttributeSyntax? AttributeSyntaxOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

    /// <summary>The attribute as written (without its brackets), or <paramref name="fallback"/>.</summary>
    private static LocationInfo AttributeLocation(AttributeData attribute, LocationInfo fallback, CancellationToken cancellationToken) =>
        AttributeSyntaxOf(attribute, cancellationToken) is { } syntax ? LocationInfo.From(syntax) : fallback;

    /// <summary>The <c>Name = value</c> argument, else the attribute, else <paramref name="fallback"/>.</summary>
    private static LocationInfo ArgumentLocation(AttributeData attribute, string name, LocationInfo fallback, CancellationToken cancellationToken)
    {
        if (AttributeSyntaxOf(attribute, cancellationToken) is not { } syntax)
            return fallback;
        AttributeArgumentSyntax? argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return LocationInfo.From(argument is null ? syntax : argument);
    }

    /// <summary>
    /// Where hidden layer <paramref name="index"/> of <c>[Mlp(...)]</c> is written: the argument in the expanded
    /// <c>params</c> form, or the element of an array written out, else the attribute.
    /// </summary>
    private static LocationInfo HiddenLayerLocation(AttributeData mlp, int index, LocationInfo fallback, CancellationToken cancellationToken)
    {
        if (AttributeSyntaxOf(mlp, cancellationToken) is not { } syntax)
            return fallback;
        AttributeArgumentSyntax[] positional = syntax.ArgumentList?.Arguments.Where(static a => a.NameEquals is null && a.NameColon is null).ToArray() ?? [];
        if (positional.Length == 1 && IsArray(positional[0].Expression))
        {
            ExpressionSyntax? element = positional[0].Expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } init } when index < init.Expressions.Count => init.Expressions[index],
                ImplicitArrayCreationExpressionSyntax { Initializer: { } init } when index < init.Expressions.Count => init.Expressions[index],
                CollectionExpressionSyntax collection when index < collection.Elements.Count => (collection.Elements[index] as ExpressionElementSyntax)?.Expression,
                _ => null,
            };
            return element is null ? LocationInfo.From(syntax) : LocationInfo.From(element);
        }

        return index < positional.Length ? LocationInfo.From(positional[index]) : LocationInfo.From(syntax);
    }

    private static bool IsArray(ExpressionSyntax expression) =>
        expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax;
}
