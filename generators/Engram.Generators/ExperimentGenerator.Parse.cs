using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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

/// <summary>
/// Parse: an [Experiment] class and its Engram.Dsl attributes to a model and diagnostics. Each attribute has one
/// <c>case</c> in <see cref="CollectAttributes"/> and one <c>Parse...</c> method that reads its values, checks them with
/// <see cref="ExperimentRules"/> and returns its part of the model; adding an attribute means adding those two.
/// </summary>
public sealed partial class ExperimentGenerator
{
    private const string DslNamespace = "Engram.Dsl";

    /// <summary>The task family attributes by class name (one entry per family; the rules list them in <see cref="ExperimentRules.TaskFamilyNames"/>).</summary>
    private static readonly Dictionary<string, TaskFamilyKind> TaskFamilyAttributes = new(StringComparer.Ordinal)
    {
        ["PermutedMnistAttribute"] = TaskFamilyKind.PermutedMnist,
        ["SplitMnistAttribute"] = TaskFamilyKind.SplitMnist,
        ["CurveRegressionAttribute"] = TaskFamilyKind.CurveRegression,
    };

    private static ExperimentParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var reader = new DeclarationReader(type.Name, LocationInfo.From(syntax.Identifier), cancellationToken);
        if (syntax is not ClassDeclarationSyntax || type.IsFileLocal)
        {
            // A record, a file-local class (the generated part could not join it) or a struct (whose attributes the
            // compiler already rejects): nothing to emit into.
            reader.Report(new RuleViolation(ExperimentRules.NotAClass, type.Name, Kind(syntax)), reader.Fallback);
            return new ExperimentParseResult(null, reader.Diagnostics.ToEquatableArray(), null);
        }

        // The class: it receives members, so it must be a partial, top-level, non-generic, non-static class.
        bool canEmit = CheckClass(syntax, type, reader);

        // The attributes, from every part of the class. One that does not bind (the compiler reports it) blocks
        // emitting but still counts as present, so no misleading "missing" diagnostic follows.
        DeclaredAttributes attributes = CollectAttributes(type, context.Attributes[0]);
        canEmit &= !attributes.HasErrors;
        cancellationToken.ThrowIfCancellationRequested();

        // [Experiment]: everything else reports on it when it has nothing better to point at.
        (string name, string description, int seed, LocationInfo nameLocation) = ParseExperiment(attributes.Experiment, reader);
        reader.Fallback = reader.AttributeLocation(attributes.Experiment, reader.Fallback);

        TaskFamilyModel? family = ParseTaskFamily(attributes.Families, reader);
        MlpModel? mlp = attributes.Mlp is null ? null : ParseMlp(attributes.Mlp, reader);
        if (mlp is null)
            reader.Report(new RuleViolation(ExperimentRules.NoModel, reader.ClassName), reader.Fallback);
        // Checks across attributes only when every argument bound: a typo read as its default would be blamed otherwise.
        else if (family?.Split is { } split && attributes.Families.Count == 1 && !attributes.HasErrors)
            CheckHeads(split, mlp, attributes.Families[0].Attribute, attributes.Mlp!, reader);
        if (mlp is not null && family is not null && !attributes.HasErrors && mlp.Hidden.All(static size => size >= 1))
            reader.Report(CheckModelSize(family, mlp), reader.AttributeLocation(attributes.Mlp!, reader.Fallback));
        OptimizerModel? optimizer = ParseOptimizers(attributes.Optimizers, reader);
        TrainingModel training = attributes.Training is null ? TrainingModel.Default(family) : ParseTraining(attributes.Training, family, reader);
        EwcModel? ewc = attributes.Ewc is null ? null : ParseEwc(attributes.Ewc, family, reader);
        L1Model? l1 = attributes.L1 is null ? null : ParseL1(attributes.L1, mlp, reader);
        MaskModel? mask = attributes.FisherMask is null ? null : ParseFisherMask(attributes.FisherMask, family, reader);
        EquatableArray<ClaimModel> claims = ParseExpectations(attributes.Expectations, family, reader);

        // ENG0027: whatever the declaration says that the loop would not do.
        foreach (AttributeData attribute in attributes.NotExpanded)
            reader.Report(new RuleViolation(ExperimentRules.NotExpanded, "[" + ShortName(attribute) + "]"), reader.AttributeLocation(attribute, reader.Fallback));
        foreach (AttributeData attribute in attributes.Expanded)
        {
            foreach (string unread in reader.UnreadArguments(attribute))
                reader.Report(new RuleViolation(ExperimentRules.NotExpanded, "[" + ShortName(attribute) + "] " + unread), reader.ArgumentLocation(attribute, unread));
        }

        ExperimentModel? model = null;
        if (canEmit && family is not null && mlp is not null && optimizer is { } optimizerModel && attributes.Families.Count == 1 && attributes.Optimizers.Count == 1)
        {
            model = new ExperimentModel(NamespaceOf(type), Identifier(type.Name), name, description, seed, family, mlp, optimizerModel, training, ewc, l1, mask, claims);
        }

        return new ExperimentParseResult(
            model,
            reader.Diagnostics.ToEquatableArray(),
            model is null ? null : new ExperimentName(name, model.FullName, nameLocation));
    }

    /// <summary>
    /// ENG0043: types named like a name the generated code looks up (<see cref="ExperimentRules.GeneratedCodeNames"/>,
    /// except the members it adds to the class itself, which are found first) in an experiment's namespace or an
    /// enclosing one, where C# finds them before the generated file's using directives, and types of the global
    /// namespace named like a namespace those directives import. One diagnostic per such type.
    /// </summary>
    private static EquatableArray<DiagnosticInfo> FindHiddenNames(ImmutableArray<ExperimentPlace> places, Compilation compilation, CancellationToken cancellationToken)
    {
        var clashes = new SortedDictionary<string, (INamedTypeSymbol Type, string Meaning, string Namespace, SortedSet<string> Experiments)>(StringComparer.Ordinal);
        foreach (IGrouping<string, ExperimentPlace> group in places.GroupBy(static p => p.Namespace))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (INamespaceSymbol? scope = Namespace(compilation, group.Key); scope is not null; scope = scope.ContainingNamespace)
            {
                IEnumerable<KeyValuePair<string, string>> names = scope.IsGlobalNamespace
                    ? ExperimentRules.GeneratedCodeNames.Concat(ExperimentRules.ImportedNamespaces)
                    : ExperimentRules.GeneratedCodeNames;
                foreach (KeyValuePair<string, string> name in names)
                {
                    if (ExperimentRules.GeneratedMembers.Contains(name.Key))
                        continue;
                    foreach (INamedTypeSymbol type in scope.GetTypeMembers(name.Key))
                    {
                        string full = type.ToDisplayString();
                        if (full == name.Value)
                            continue; // the very type the generated code means (an experiment inside its namespace)
                        if (!clashes.TryGetValue(full, out var clash))
                            clashes[full] = clash = (type, name.Value, group.Key, new SortedSet<string>(StringComparer.Ordinal));
                        clash.Experiments.UnionWith(group.Select(static p => p.Name));
                    }
                }
            }
        }

        return clashes.Select(static c => DiagnosticInfo.Create(
                DiagnosticDescriptors.HiddenGeneratedName,
                c.Value.Type.Locations.FirstOrDefault(static l => l.IsInSource) is { } at ? LocationInfo.From(at) : LocationInfo.None,
                c.Key,
                c.Value.Meaning,
                Experiments(c.Value.Experiments),
                c.Value.Namespace.Length == 0 ? "the global namespace" : "namespace " + c.Value.Namespace))
            .ToEquatableArray();
    }

    /// <summary>E.g. "experiment 'A'", "experiments 'A' and 'B'", "experiments 'A', 'B', 'C' and 4 more".</summary>
    private static string Experiments(SortedSet<string> names)
    {
        string[] quoted = names.Select(static n => "'" + n + "'").ToArray();
        if (quoted.Length == 1)
            return "experiment " + quoted[0];
        if (quoted.Length <= 3)
            return "experiments " + string.Join(", ", quoted.Take(quoted.Length - 1)) + " and " + quoted[quoted.Length - 1];
        return "experiments " + string.Join(", ", quoted.Take(3)) + " and " + (quoted.Length - 3).ToString(CultureInfo.InvariantCulture) + " more";
    }

    /// <summary>The namespace <paramref name="name"/> (dotted; empty for the global namespace) of the compilation, or null.</summary>
    private static INamespaceSymbol? Namespace(Compilation compilation, string name)
    {
        INamespaceSymbol? scope = compilation.GlobalNamespace;
        foreach (string part in name.Length == 0 ? [] : name.Split('.'))
            scope = scope?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part.TrimStart('@'));
        return scope;
    }

    /// <summary>ENG0041 on the task family attribute when its class has no [Experiment] (a class with one is parsed whole).</summary>
    private static EquatableArray<DiagnosticInfo> CheckMarked(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == ExperimentAttributeName))
            return EquatableArray<DiagnosticInfo>.Empty;
        AttributeData family = context.Attributes[0];
        string name = ShortName(family);
        var syntax = family.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        LocationInfo location = syntax is null ? LocationInfo.From(((TypeDeclarationSyntax)context.TargetNode).Identifier) : LocationInfo.From(syntax);
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.NoExperiment, location, context.TargetSymbol.Name, name) }.ToEquatableArray();
    }

    /// <summary>A name as a C# identifier: a keyword gets its <c>@</c> (<c>@event</c>).</summary>
    private static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary>The type's namespace as C# (<c>Lab.@class</c>), empty for the global namespace.</summary>
    private static string NamespaceOf(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? scope = type.ContainingNamespace; scope is { IsGlobalNamespace: false }; scope = scope.ContainingNamespace)
            parts.Insert(0, Identifier(scope.Name));
        return string.Join(".", parts);
    }

    /// <summary>"record", "record struct", "struct" or "interface", as declared.</summary>
    private static string Kind(TypeDeclarationSyntax syntax) => syntax switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        StructDeclarationSyntax => "struct",
        ClassDeclarationSyntax when syntax.Modifiers.Any(SyntaxKind.FileKeyword) => "file-local class",
        _ => syntax.Keyword.ValueText,
    };

    /// <summary>
    /// ENG0001-ENG0004 and ENG0042 on the class name, ENG0046 on a member the generator would add again. Returns
    /// whether members can be added to the class.
    /// </summary>
    private static bool CheckClass(TypeDeclarationSyntax syntax, INamedTypeSymbol type, DeclarationReader reader)
    {
        int before = reader.Diagnostics.Count;
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            reader.Report(new RuleViolation(ExperimentRules.ClassNotPartial, type.Name), reader.Fallback);
        if (type.ContainingType is { } container)
            reader.Report(new RuleViolation(ExperimentRules.NestedClass, type.Name, container.ToDisplayString()), reader.Fallback);
        if (type.TypeParameters.Length > 0)
            reader.Report(new RuleViolation(ExperimentRules.GenericClass, type.Name, string.Join(", ", type.TypeParameters.Select(static p => p.Name))), reader.Fallback);
        if (type.IsStatic)
            reader.Report(new RuleViolation(ExperimentRules.StaticClass, type.Name), reader.Fallback);
        reader.Report(ExperimentRules.CheckClassName(type.Name), reader.Fallback);
        // Members are found before anything outside the class: one of the class's own or inherited members with a name
        // the generated code uses would capture it (a field 'nn', a nested type 'Tensor', a method 'Run').
        for (INamedTypeSymbol? owner = type; owner is { SpecialType: not SpecialType.System_Object }; owner = owner.BaseType)
        {
            foreach (KeyValuePair<string, string> name in ExperimentRules.GeneratedCodeNames)
            {
                foreach (ISymbol member in owner.GetMembers(name.Key))
                {
                    bool hides = !member.IsImplicitlyDeclared
                        && (name.Key != "var" || member is INamedTypeSymbol) // only a type named var changes 'var'
                        && (SymbolEqualityComparer.Default.Equals(owner, type) || member.DeclaredAccessibility != Accessibility.Private);
                    if (hides)
                        reader.Report(new RuleViolation(ExperimentRules.ReservedMemberName, type.Name, name.Key, name.Value), member.Locations.FirstOrDefault(static l => l.IsInSource) is { } at ? LocationInfo.From(at) : reader.Fallback);
                }
            }
        }

        return reader.Diagnostics.Count == before;
    }

    /// <summary>The Engram.Dsl attributes of one class, grouped by role.</summary>
    private sealed class DeclaredAttributes(AttributeData experiment)
    {
        public AttributeData Experiment { get; } = experiment;

        public List<(TaskFamilyKind Kind, AttributeData Attribute)> Families { get; } = [];

        public AttributeData? Mlp { get; set; }

        public List<(OptimizerKind Kind, AttributeData Attribute)> Optimizers { get; } = [];

        public AttributeData? Training { get; set; }

        public AttributeData? Ewc { get; set; }

        public AttributeData? L1 { get; set; }

        public AttributeData? FisherMask { get; set; }

        public List<AttributeData> Expectations { get; } = [];

        /// <summary>Every attribute above, [Experiment] first: their named arguments must all be read.</summary>
        public List<AttributeData> Expanded { get; } = [experiment];

        /// <summary>Engram.Dsl attributes the generator does not expand (yet).</summary>
        public List<AttributeData> NotExpanded { get; } = [];

        /// <summary>Whether an attribute did not bind (the compiler reports why).</summary>
        public bool HasErrors { get; set; }
    }

    private static DeclaredAttributes CollectAttributes(INamedTypeSymbol type, AttributeData experiment)
    {
        var attributes = new DeclaredAttributes(experiment) { HasErrors = HasErrors(experiment) };
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { } attributeClass || attributeClass.ContainingNamespace?.ToDisplayString() != DslNamespace)
                continue;
            string name = attributeClass.Name;
            if (TaskFamilyAttributes.TryGetValue(name, out TaskFamilyKind family))
                attributes.Families.Add((family, attribute));
            else if (name == "MlpAttribute")
                attributes.Mlp = attribute;
            else if (name == "SgdAttribute")
                attributes.Optimizers.Add((OptimizerKind.Sgd, attribute));
            else if (name == "AdamAttribute")
                attributes.Optimizers.Add((OptimizerKind.Adam, attribute));
            else if (name == "TrainingAttribute")
                attributes.Training = attribute;
            else if (name == "EwcAttribute")
                attributes.Ewc = attribute;
            else if (name == "L1Attribute")
                attributes.L1 = attribute;
            else if (name == "FisherMaskAttribute")
                attributes.FisherMask = attribute;
            else if (name == "ExpectAttribute")
                attributes.Expectations.Add(attribute);
            else if (name != "ExperimentAttribute")
                attributes.NotExpanded.Add(attribute);
            if (name != "ExperimentAttribute" && !attributes.NotExpanded.Contains(attribute))
                attributes.Expanded.Add(attribute);

            attributes.HasErrors |= HasErrors(attribute);
        }

        return attributes;
    }

    /// <summary><c>[Experiment(Name, Seed, Description)]</c>: ENG0018 on Name, or on the class name when it is the name.</summary>
    private static (string Name, string Description, int Seed, LocationInfo NameLocation) ParseExperiment(AttributeData experiment, DeclarationReader reader)
    {
        string name = reader.ClassName;
        LocationInfo nameLocation = reader.Fallback;
        if (reader.Named(experiment, "Name") is { Value: string declaredName })
        {
            name = declaredName;
            nameLocation = reader.ArgumentLocation(experiment, "Name");
        }

        // The class name is the experiment's name unless Name is given, so it must be a valid name too (Übung, a 200-letter class).
        reader.Report(ExperimentRules.CheckName(name), nameLocation);

        string description = reader.Named(experiment, "Description") is { Value: string declaredDescription } ? declaredDescription : "";
        return (name, description, reader.Int(experiment, "Seed", ExperimentRules.Defaults.Seed), nameLocation);
    }

    /// <summary>The task family: exactly one (ENG0005, ENG0020), with its <c>Tasks</c> (ENG0010) and its own settings.</summary>
    private static TaskFamilyModel? ParseTaskFamily(List<(TaskFamilyKind Kind, AttributeData Attribute)> families, DeclarationReader reader)
    {
        if (!ReportUnlessExactlyOne(families, reader, ExperimentRules.NoTaskFamily, ExperimentRules.TaskFamilies, ExperimentRules.CheckTaskFamilyCount))
            return null;

        // Every family's values are checked; the first one is the model's (emitted only if it is the only one).
        return families.Select(f => f.Kind switch
        {
            TaskFamilyKind.CurveRegression => ParseCurveRegression(f.Attribute, reader),
            TaskFamilyKind.SplitMnist => ParseSplitMnist(f.Attribute, reader),
            _ => ParsePermutedMnist(f.Attribute, reader),
        }).ToArray()[0];
    }

    /// <summary>
    /// A role a declaration fills with exactly one attribute (the task family, the optimizer): none is
    /// <paramref name="none"/> on the fallback location, more than one is <paramref name="checkCount"/>'s violation on
    /// every extra attribute. Returns whether there is at least one.
    /// </summary>
    private static bool ReportUnlessExactlyOne<TKind>(
        List<(TKind Kind, AttributeData Attribute)> declared,
        DeclarationReader reader,
        ExperimentRule none,
        string choices,
        Func<string, IReadOnlyList<string>, RuleViolation?> checkCount)
        where TKind : struct, Enum
    {
        if (declared.Count == 0)
        {
            reader.Report(new RuleViolation(none, reader.ClassName, choices), reader.Fallback);
            return false;
        }

        if (checkCount(reader.ClassName, declared.Select(static d => d.Kind.ToString()).ToArray()) is { } multiple)
        {
            foreach ((_, AttributeData extra) in declared.Skip(1))
                reader.Report(multiple, reader.AttributeLocation(extra, reader.Fallback));
        }

        return true;
    }

    /// <summary><c>[PermutedMnist(Tasks)]</c>: ENG0010.</summary>
    private static TaskFamilyModel ParsePermutedMnist(AttributeData permuted, DeclarationReader reader)
    {
        int tasks = reader.Int(permuted, "Tasks", ExperimentRules.Defaults.Tasks);
        reader.Report(ExperimentRules.CheckTasks("PermutedMnist", tasks), reader.ArgumentLocation(permuted, "Tasks"));
        return new TaskFamilyModel(TaskFamilyKind.PermutedMnist, tasks);
    }

    /// <summary><c>[SplitMnist(Tasks, ClassesPerTask, Scenario)]</c>: ENG0010, ENG0017, ENG0038, ENG0037.</summary>
    private static TaskFamilyModel ParseSplitMnist(AttributeData split, DeclarationReader reader)
    {
        int tasks = reader.Int(split, "Tasks", ExperimentRules.Defaults.SplitTasks);
        reader.Report(ExperimentRules.CheckTasks("SplitMnist", tasks), reader.ArgumentLocation(split, "Tasks"));
        string scenario = reader.Enum(split, "SplitMnist", "Scenario", "Scenario", ExperimentRules.Defaults.Scenario);
        int classesPerTask = reader.Int(split, "ClassesPerTask", ExperimentRules.Defaults.SplitClassesPerTask);
        reader.Report(ExperimentRules.CheckClassesPerTask(classesPerTask, ScenarioName(scenario)), reader.ArgumentLocation(split, "ClassesPerTask"));
        // On Tasks when it is written, else on ClassesPerTask (whichever the user chose is the one to lower).
        reader.Report(ExperimentRules.CheckSplitClasses(tasks, classesPerTask), reader.ArgumentLocation(split, reader.Named(split, "Tasks") is null ? "ClassesPerTask" : "Tasks"));
        return new TaskFamilyModel(TaskFamilyKind.SplitMnist, tasks, Split: new SplitModel(classesPerTask, scenario));
    }

    /// <summary>ENG0045: the parameters of the MLP on the family's inputs and outputs (784 pixels and 10 digits for MNIST).</summary>
    private static RuleViolation? CheckModelSize(TaskFamilyModel family, MlpModel mlp)
    {
        const int pixels = 784;
        long outputs = family.Split is { } split
            ? (ScenarioName(split.Scenario) == "ClassIncremental" ? (long)family.Tasks * split.ClassesPerTask : split.ClassesPerTask)
            : family.IsRegression ? 1 : ExperimentRules.MnistClasses;
        int clamped = (int)Math.Min(Math.Max(outputs, 1), int.MaxValue); // out-of-range counts are ENG0010/ENG0038's errors
        return ExperimentRules.CheckModelSize(family.IsRegression ? 1 : pixels, mlp.Hidden, clamped, mlp.MultiHead ? Math.Max(family.Tasks, 1) : 1);
    }

    /// <summary>"TaskIncremental" for <c>Scenario.TaskIncremental</c>; an undefined value's cast stays as it is.</summary>
    private static string ScenarioName(string scenario) =>
        scenario.StartsWith("Scenario.", StringComparison.Ordinal) ? scenario.Substring("Scenario.".Length) : scenario;

    /// <summary>
    /// The heads against the split scenario: ENG0039 (a head per task without task identity) on <c>MultiHead</c>,
    /// ENG0040 (Task-IL with one shared head) on <c>Scenario</c>.
    /// </summary>
    private static void CheckHeads(SplitModel split, MlpModel mlp, AttributeData family, AttributeData mlpAttribute, DeclarationReader reader)
    {
        RuleViolation? violation = ExperimentRules.CheckHeads(ScenarioName(split.Scenario), mlp.MultiHead);
        reader.Report(violation, mlp.MultiHead ? reader.ArgumentLocation(mlpAttribute, "MultiHead") : reader.ArgumentLocation(family, "Scenario"));
    }

    /// <summary><c>[CurveRegression(Tasks, From, To, Samples, Noise, Curve, Seed)]</c>: ENG0010, ENG0034-ENG0036, ENG0017.</summary>
    private static TaskFamilyModel ParseCurveRegression(AttributeData curve, DeclarationReader reader)
    {
        int tasks = reader.Int(curve, "Tasks", ExperimentRules.Defaults.CurveTasks);
        reader.Report(ExperimentRules.CheckTasks("CurveRegression", tasks), reader.ArgumentLocation(curve, "Tasks"));
        double from = reader.Double(curve, "From", ExperimentRules.Defaults.CurveFrom);
        double to = reader.Double(curve, "To", ExperimentRules.Defaults.CurveTo);
        // On To when it is written (the usual fix), else on From, else on the attribute.
        reader.Report(ExperimentRules.CheckCurveRange(from, to), reader.ArgumentLocation(curve, reader.Named(curve, "To") is null ? "From" : "To"));
        int samples = reader.Int(curve, "Samples", ExperimentRules.Defaults.CurveSamples);
        reader.Report(ExperimentRules.CheckCurveSamples(samples), reader.ArgumentLocation(curve, "Samples"));
        double noise = reader.Double(curve, "Noise", ExperimentRules.Defaults.CurveNoise);
        reader.Report(ExperimentRules.CheckCurveNoise(noise), reader.ArgumentLocation(curve, "Noise"));
        string function = reader.Enum(curve, "CurveRegression", "Curve", "Curve", ExperimentRules.Defaults.Curve);
        int seed = reader.Int(curve, "Seed", ExperimentRules.Defaults.CurveSeed);
        return new TaskFamilyModel(TaskFamilyKind.CurveRegression, tasks, new CurveModel(from, to, samples, noise, function, seed));
    }

    /// <summary><c>[Mlp(sizes..., Activation, MultiHead)]</c>: ENG0007, ENG0017.</summary>
    private static MlpModel ParseMlp(AttributeData mlp, DeclarationReader reader)
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
                reader.Report(violation, reader.HiddenLayerLocation(mlp, i));
        }

        string activation = reader.Enum(mlp, "Mlp", "Activation", "Activation", ExperimentRules.Defaults.Activation);
        bool multiHead = reader.Named(mlp, "MultiHead") is { Value: bool declared } ? declared : ExperimentRules.Defaults.MultiHead;
        return new MlpModel(hidden.ToEquatableArray(), activation, multiHead);
    }

    /// <summary>The optimizer: exactly one (ENG0008, ENG0009), with its values (ENG0013, ENG0014).</summary>
    private static OptimizerModel? ParseOptimizers(List<(OptimizerKind Kind, AttributeData Attribute)> optimizers, DeclarationReader reader)
    {
        if (!ReportUnlessExactlyOne(optimizers, reader, ExperimentRules.NoOptimizer, ExperimentRules.Optimizers, ExperimentRules.CheckOptimizerCount))
            return null;

        // Every optimizer's values are checked; the first one is the model's (emitted only if it is the only one).
        return optimizers.Select(o => o.Kind == OptimizerKind.Sgd ? ParseSgd(o.Attribute, reader) : ParseAdam(o.Attribute, reader)).ToArray()[0];
    }

    /// <summary><c>[Sgd(LearningRate, Momentum)]</c>: ENG0013, ENG0014.</summary>
    private static OptimizerModel ParseSgd(AttributeData sgd, DeclarationReader reader)
    {
        double learningRate = reader.Double(sgd, "LearningRate", ExperimentRules.Defaults.SgdLearningRate);
        double momentum = reader.Double(sgd, "Momentum", ExperimentRules.Defaults.SgdMomentum);
        reader.Report(ExperimentRules.CheckLearningRate("Sgd", learningRate), reader.ArgumentLocation(sgd, "LearningRate"));
        reader.Report(ExperimentRules.CheckMomentum(momentum), reader.ArgumentLocation(sgd, "Momentum"));
        return new OptimizerModel(OptimizerKind.Sgd, learningRate, momentum);
    }

    /// <summary><c>[Adam(LearningRate)]</c>: ENG0013.</summary>
    private static OptimizerModel ParseAdam(AttributeData adam, DeclarationReader reader)
    {
        double learningRate = reader.Double(adam, "LearningRate", ExperimentRules.Defaults.AdamLearningRate);
        reader.Report(ExperimentRules.CheckLearningRate("Adam", learningRate), reader.ArgumentLocation(adam, "LearningRate"));
        return new OptimizerModel(OptimizerKind.Adam, learningRate, 0);
    }

    /// <summary>
    /// <c>[Training(Epochs, BatchSize)]</c>: ENG0011, ENG0012. For curve regression an omitted BatchSize is full batch
    /// and omitted Epochs are 3000, as the seed trained.
    /// </summary>
    private static TrainingModel ParseTraining(AttributeData training, TaskFamilyModel? family, DeclarationReader reader)
    {
        var model = new TrainingModel(
            reader.Int(training, "Epochs", TrainingModel.DefaultEpochs(family)),
            reader.Int(training, "BatchSize", TrainingModel.DefaultBatchSize(family)));
        reader.Report(ExperimentRules.CheckEpochs(model.Epochs), reader.ArgumentLocation(training, "Epochs"));
        reader.Report(ExperimentRules.CheckBatchSize(model.BatchSize), reader.ArgumentLocation(training, "BatchSize"));
        return model;
    }

    /// <summary>
    /// <c>[Ewc(Lambda, Online, Gamma, Fisher, FisherSamples)]</c>: ENG0015, ENG0032, ENG0017, ENG0016; warnings ENG0022
    /// (Lambda 0), ENG0033 (Gamma without Online) and ENG0021 (one task).
    /// </summary>
    private static EwcModel ParseEwc(AttributeData ewc, TaskFamilyModel? family, DeclarationReader reader)
    {
        double lambda = reader.Double(ewc, "Lambda", ExperimentRules.Defaults.EwcLambda);
        reader.Report(ExperimentRules.CheckEwcLambda(lambda) ?? ExperimentRules.CheckEwcLambdaHasEffect(lambda), reader.ArgumentLocation(ewc, "Lambda"));
        bool online = reader.Named(ewc, "Online") is { Value: bool declaredOnline } ? declaredOnline : ExperimentRules.Defaults.EwcOnline;
        bool gammaDeclared = reader.Named(ewc, "Gamma") is not null;
        double gamma = reader.Double(ewc, "Gamma", ExperimentRules.Defaults.EwcGamma);
        if (gammaDeclared)
            reader.Report(ExperimentRules.CheckEwcGamma(gamma) ?? ExperimentRules.CheckEwcGammaHasEffect(gamma, online), reader.ArgumentLocation(ewc, "Gamma"));
        string fisher = reader.Enum(ewc, "Ewc", "Fisher", "FisherEstimator", ExperimentRules.Defaults.Fisher);
        int fisherSamples = reader.Int(ewc, "FisherSamples", ExperimentRules.Defaults.EwcFisherSamples);
        reader.Report(ExperimentRules.CheckFisherSamples("Ewc", fisherSamples), reader.ArgumentLocation(ewc, "FisherSamples"));
        if (family is not null)
            reader.Report(ExperimentRules.CheckRegularizerTasks("Ewc", family.AttributeName, family.Tasks), reader.AttributeLocation(ewc, reader.Fallback));
        return new EwcModel(lambda, fisherSamples, online, gamma, fisher);
    }

    /// <summary><c>[L1(Strength, Layers)]</c>: ENG0030, ENG0031 (each index a layer of the <c>[Mlp]</c>, when there is one).</summary>
    private static L1Model ParseL1(AttributeData l1, MlpModel? mlp, DeclarationReader reader)
    {
        double strength = reader.Double(l1, "Strength", ExperimentRules.Defaults.L1Strength);
        reader.Report(ExperimentRules.CheckL1Strength(strength), reader.ArgumentLocation(l1, "Strength"));
        var layers = new List<int>();
        if (reader.Named(l1, "Layers") is { Kind: TypedConstantKind.Array, IsNull: false } declared)
        {
            foreach (TypedConstant layer in declared.Values)
                layers.Add(layer.Value is null ? 0 : Convert.ToInt32(layer.Value, CultureInfo.InvariantCulture));
        }

        for (int i = 0; mlp is not null && i < layers.Count; i++)
            reader.Report(ExperimentRules.CheckL1Layer(layers[i], mlp.Hidden.Count), reader.NamedArrayElementLocation(l1, "Layers", i));
        return new L1Model(strength, layers.ToEquatableArray());
    }

    /// <summary>
    /// <c>[FisherMask(Freeze, Threshold, Scope, Granularity, Accumulate, Fisher, FisherSamples)]</c>: ENG0028, ENG0029,
    /// ENG0017, ENG0016; warning ENG0021 (one task).
    /// </summary>
    private static MaskModel ParseFisherMask(AttributeData mask, TaskFamilyModel? family, DeclarationReader reader)
    {
        double freeze = reader.Double(mask, "Freeze", ExperimentRules.Defaults.MaskFreeze);
        reader.Report(ExperimentRules.CheckMaskFreeze(freeze), reader.ArgumentLocation(mask, "Freeze"));
        double threshold = reader.Double(mask, "Threshold", ExperimentRules.Defaults.MaskThreshold);
        reader.Report(ExperimentRules.CheckMaskThreshold(threshold), reader.ArgumentLocation(mask, "Threshold"));
        string scope = reader.Enum(mask, "FisherMask", "Scope", "MaskScope", ExperimentRules.Defaults.MaskScope);
        string granularity = reader.Enum(mask, "FisherMask", "Granularity", "MaskGranularity", ExperimentRules.Defaults.MaskGranularity);
        string accumulate = reader.Enum(mask, "FisherMask", "Accumulate", "MaskAccumulation", ExperimentRules.Defaults.MaskAccumulate);
        string fisher = reader.Enum(mask, "FisherMask", "Fisher", "FisherEstimator", ExperimentRules.Defaults.Fisher);
        int fisherSamples = reader.Int(mask, "FisherSamples", ExperimentRules.Defaults.MaskFisherSamples);
        reader.Report(ExperimentRules.CheckFisherSamples("FisherMask", fisherSamples), reader.ArgumentLocation(mask, "FisherSamples"));
        if (family is not null)
            reader.Report(ExperimentRules.CheckRegularizerTasks("FisherMask", family.AttributeName, family.Tasks), reader.AttributeLocation(mask, reader.Fallback));
        return new MaskModel(freeze, threshold, scope, granularity, accumulate, fisher, fisherSamples);
    }

    /// <summary>
    /// Every <c>[Expect(Metric, AtLeast, AtMost)]</c>: the metric produced by the family (ENG0023), a threshold
    /// (ENG0024) in the metric's range (ENG0025), a range that can be met, within one attribute and together with the
    /// earlier ones on the same metric (ENG0026). Only valid claims are kept.
    /// </summary>
    private static EquatableArray<ClaimModel> ParseExpectations(List<AttributeData> expectations, TaskFamilyModel? family, DeclarationReader reader)
    {
        var claims = new List<ClaimModel>();
        foreach (AttributeData expect in expectations)
        {
            reader.MarkRead(expect, "AtLeast", "AtMost");
            if (ReadExpectation(expect) is not { } declared)
                continue;
            int before = reader.Diagnostics.Count;
            if (family is { } declaredFamily)
                reader.Report(ExperimentRules.CheckExpectMetric(declaredFamily.AttributeName, declared.Metric, declaredFamily.Tasks), reader.PositionalArgumentLocation(expect, 0));
            if (ExperimentRules.MetricRange(declared.Metric) is not null)
            {
                reader.Report(ExperimentRules.CheckExpectHasThreshold(declared.Metric, declared.AtLeast is not null, declared.AtMost is not null), reader.AttributeLocation(expect, reader.Fallback));
                if (declared.AtLeast is double atLeast)
                    reader.Report(ExperimentRules.CheckExpectThreshold(declared.Metric, "AtLeast", atLeast), reader.ArgumentLocation(expect, "AtLeast"));
                if (declared.AtMost is double atMost)
                    reader.Report(ExperimentRules.CheckExpectThreshold(declared.Metric, "AtMost", atMost), reader.ArgumentLocation(expect, "AtMost"));
                if (reader.Diagnostics.Count == before && declared is { AtLeast: double low, AtMost: double high })
                    reader.Report(ExperimentRules.CheckExpectBounds(declared.Metric, low, high), reader.AttributeLocation(expect, reader.Fallback));
            }

            // ENG0026 across attributes: this claim's bound against the opposite bounds already kept for the metric.
            if (reader.Diagnostics.Count == before)
            {
                foreach (ClaimModel claim in declared.Claims())
                {
                    foreach (ClaimModel kept in claims.Where(k => k.Metric == claim.Metric && k.Bound != claim.Bound))
                    {
                        (double low, double high) = claim.Bound == "AtLeast" ? (claim.Threshold, kept.Threshold) : (kept.Threshold, claim.Threshold);
                        reader.Report(ExperimentRules.CheckExpectBounds(claim.Metric, low, high), reader.AttributeLocation(expect, reader.Fallback));
                    }
                }
            }

            if (reader.Diagnostics.Count == before)
                claims.AddRange(declared.Claims());
        }

        return claims.ToEquatableArray();
    }

    /// <summary>An <c>[Expect]</c> as declared: the metric (member name, or the number of an undefined value) and the thresholds set.</summary>
    private sealed record DeclaredExpectation(string Metric, double? AtLeast, double? AtMost)
    {
        public IEnumerable<ClaimModel> Claims()
        {
            if (AtLeast is double atLeast)
                yield return new ClaimModel(Metric, "AtLeast", atLeast);
            if (AtMost is double atMost)
                yield return new ClaimModel(Metric, "AtMost", atMost);
        }
    }

    /// <summary>Reads an <c>[Expect]</c> (declared here or in a referenced assembly); null when it does not bind.</summary>
    private static DeclaredExpectation? ReadExpectation(AttributeData expect)
    {
        if (expect.ConstructorArguments.Length != 1 || EnumMember(expect.ConstructorArguments[0]) is not { } metric)
            return null;
        double? atLeast = Named(expect, "AtLeast") is { Value: not null } low ? Convert.ToDouble(low.Value, CultureInfo.InvariantCulture) : null;
        double? atMost = Named(expect, "AtMost") is { Value: not null } high ? Convert.ToDouble(high.Value, CultureInfo.InvariantCulture) : null;
        return new DeclaredExpectation(metric.Name ?? metric.Text, atLeast, atMost);
    }

    /// <summary>An enum constant: its member name (null when undefined), its text (name or number) and the defined names.</summary>
    private static (string? Name, string Text, string[] DefinedNames)? EnumMember(TypedConstant constant)
    {
        if (constant is not { Kind: TypedConstantKind.Enum, Type: INamedTypeSymbol enumType })
            return null;
        IFieldSymbol[] members = enumType.GetMembers().OfType<IFieldSymbol>().Where(static f => f.HasConstantValue).ToArray();
        string? name = members.FirstOrDefault(f => Equals(f.ConstantValue, constant.Value))?.Name;
        return (name, name ?? Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? "", members.Select(static f => f.Name).ToArray());
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

    /// <summary>"Sgd" for SgdAttribute: the name as written in brackets.</summary>
    private static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? "";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>
    /// Collects one declaration's diagnostics and finds where to put them: the offending argument, else its attribute,
    /// else <see cref="Fallback"/> (the class name, then the <c>[Experiment]</c> attribute).
    /// </summary>
    private sealed class DeclarationReader(string className, LocationInfo fallback, CancellationToken cancellationToken)
    {
        public string ClassName { get; } = className;

        public LocationInfo Fallback { get; set; } = fallback;

        public List<DiagnosticInfo> Diagnostics { get; } = [];

        private readonly HashSet<(AttributeData Attribute, string Name)> read = [];

        /// <summary>The named argument <paramref name="name"/>, if given; records it as read.</summary>
        public TypedConstant? Named(AttributeData attribute, string name)
        {
            MarkRead(attribute, name);
            return ExperimentGenerator.Named(attribute, name);
        }

        /// <summary>An <c>int</c> named argument, or <paramref name="fallback"/>; records it as read.</summary>
        public int Int(AttributeData attribute, string name, int fallback) =>
            Named(attribute, name) is { Value: not null } value ? Convert.ToInt32(value.Value, CultureInfo.InvariantCulture) : fallback;

        /// <summary>A <c>double</c> named argument, or <paramref name="fallback"/>; records it as read.</summary>
        public double Double(AttributeData attribute, string name, double fallback) =>
            Named(attribute, name) is { Value: not null } value ? Convert.ToDouble(value.Value, CultureInfo.InvariantCulture) : fallback;

        /// <summary>
        /// An enum named argument as C#: <c>Type.Member</c>, or <c>(Type)n</c> for an undefined value, which is reported
        /// (ENG0017); <c>Type.fallback</c> when the argument is not given. Records it as read.
        /// </summary>
        /// <param name="attribute">The attribute.</param>
        /// <param name="attributeName">The attribute as the messages name it, e.g. <c>FisherMask</c>.</param>
        /// <param name="name">The property, e.g. <c>Scope</c>.</param>
        /// <param name="typeName">The enum type as the generated code names it, e.g. <c>MaskScope</c>.</param>
        /// <param name="fallback">The default member's name.</param>
        public string Enum(AttributeData attribute, string attributeName, string name, string typeName, string fallback)
        {
            if (Named(attribute, name) is not { } declared || EnumMember(declared) is not { } member)
                return typeName + "." + fallback;
            Report(ExperimentRules.CheckEnumMember(attributeName, name, member.Text, member.DefinedNames), ArgumentLocation(attribute, name));
            return member.Name is null ? "(" + typeName + ")" + member.Text : typeName + "." + member.Name;
        }

        /// <summary>Records named arguments as read (by a parse method that reads them some other way).</summary>
        public void MarkRead(AttributeData attribute, params string[] names)
        {
            foreach (string name in names)
                read.Add((attribute, name));
        }

        /// <summary>The named arguments of <paramref name="attribute"/> no parse method read, in the order written.</summary>
        public IEnumerable<string> UnreadArguments(AttributeData attribute) =>
            attribute.NamedArguments.Select(static a => a.Key).Where(name => !read.Contains((attribute, name)));

        /// <summary>Reports <paramref name="violation"/> (if any) at <paramref name="location"/>.</summary>
        public void Report(RuleViolation? violation, LocationInfo location)
        {
            if (violation is not null)
                Diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.Of(violation.Rule), location, violation.Arguments.ToEquatableArray()));
        }

        /// <summary>The attribute as written (without its brackets), or <paramref name="fallback"/>.</summary>
        public LocationInfo AttributeLocation(AttributeData attribute, LocationInfo fallback) =>
            SyntaxOf(attribute) is { } syntax ? LocationInfo.From(syntax) : fallback;

        /// <summary>The <c>Name = value</c> argument, else the attribute, else <see cref="Fallback"/>.</summary>
        public LocationInfo ArgumentLocation(AttributeData attribute, string name)
        {
            if (SyntaxOf(attribute) is not { } syntax)
                return Fallback;
            AttributeArgumentSyntax? argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            return LocationInfo.From(argument is null ? syntax : argument);
        }

        /// <summary>The positional argument <paramref name="index"/>, else the attribute, else <see cref="Fallback"/>.</summary>
        public LocationInfo PositionalArgumentLocation(AttributeData attribute, int index)
        {
            if (SyntaxOf(attribute) is not { } syntax)
                return Fallback;
            AttributeArgumentSyntax[] positional = Positional(syntax);
            return LocationInfo.From(index < positional.Length ? positional[index] : syntax);
        }

        /// <summary>
        /// Where hidden layer <paramref name="index"/> of <c>[Mlp(...)]</c> is written: the argument in the expanded
        /// <c>params</c> form, or the element of an array written out, else the attribute.
        /// </summary>
        public LocationInfo HiddenLayerLocation(AttributeData mlp, int index)
        {
            if (SyntaxOf(mlp) is not { } syntax)
                return Fallback;
            AttributeArgumentSyntax[] positional = Positional(syntax);
            if (positional.Length == 1 && IsArray(positional[0].Expression))
                return ElementLocation(positional[0].Expression, index) ?? LocationInfo.From(syntax);
            return index < positional.Length ? LocationInfo.From(positional[index]) : LocationInfo.From(syntax);
        }

        /// <summary>
        /// Where element <paramref name="index"/> of the array argument <c>Name = [...]</c> is written, else the
        /// argument, else the attribute, else <see cref="Fallback"/>.
        /// </summary>
        public LocationInfo NamedArrayElementLocation(AttributeData attribute, string name, int index)
        {
            if (SyntaxOf(attribute) is not { } syntax)
                return Fallback;
            AttributeArgumentSyntax? argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            if (argument is null)
                return LocationInfo.From(syntax);
            return ElementLocation(argument.Expression, index) ?? LocationInfo.From(argument);
        }

        private static LocationInfo? ElementLocation(ExpressionSyntax array, int index)
        {
            ExpressionSyntax? element = array switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } init } when index < init.Expressions.Count => init.Expressions[index],
                ImplicitArrayCreationExpressionSyntax { Initializer: { } init } when index < init.Expressions.Count => init.Expressions[index],
                CollectionExpressionSyntax collection when index < collection.Elements.Count => (collection.Elements[index] as ExpressionElementSyntax)?.Expression,
                _ => null,
            };
            return element is null ? null : LocationInfo.From(element);
        }

        private AttributeSyntax? SyntaxOf(AttributeData attribute) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

        private static AttributeArgumentSyntax[] Positional(AttributeSyntax syntax) =>
            syntax.ArgumentList?.Arguments.Where(static a => a.NameEquals is null && a.NameColon is null).ToArray() ?? [];

        private static bool IsArray(ExpressionSyntax expression) =>
            expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax;
    }
}
