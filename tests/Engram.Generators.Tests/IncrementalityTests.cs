using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Generators.Tests;

/// <summary>
/// The pipeline is incremental: running again on an unchanged (or unrelatedly edited) compilation re-uses every
/// tracked step, and the models hold no Roslyn object that would defeat caching or keep a compilation alive.
/// </summary>
public sealed class IncrementalityTests
{
    private const string Unrelated = """
        namespace Engram.Samples;

        internal static class Helper
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    /// <summary>The step names of <see cref="TrackingNames"/>.</summary>
    private static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void EveryStepIsTrackedAndHoldsNoRoslynObject()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(CreateCompilation());
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        Assert.Equal(22, StepNames.Length);
        foreach (string name in StepNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"No step is tracked as '{name}'.");
            foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[name])
            {
                foreach ((object value, _) in step.Outputs)
                    AssertNoRoslynObject(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    [Fact]
    public void RunningAgainCachesEveryStep()
    {
        CSharpCompilation compilation = CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.Clone());

        AssertEveryStepCachedOrUnchanged(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void AnEditInAnotherFileCachesEveryStep()
    {
        CSharpCompilation compilation = CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree unrelated = compilation.SyntaxTrees.Single(t => t.FilePath == "Source2.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(unrelated, AddComment(unrelated, 0)));

        AssertEveryStepCachedOrUnchanged(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void ACommentAboveADeclarationReparsesItButEmitsNothingNew()
    {
        CSharpCompilation compilation = CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Shifts every location in the file: the parse result (which carries locations) changes, the models do not.
        SyntaxTree declaration = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(declaration, AddComment(declaration, 0)));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        foreach (string name in new[] { TrackingNames.Models, TrackingNames.CatalogEntries, TrackingNames.CollectedCatalogEntries, TrackingNames.Catalog, TrackingNames.Diagnostics, TrackingNames.DuplicateNames, TrackingNames.ClaimTests, TrackingNames.ClaimTest })
            AssertCachedOrUnchanged(result, name);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"An output was {o.Reason}."));
    }

    [Fact]
    public void ChangingADeclarationReEmitsOnlyThatExperiment()
    {
        CSharpCompilation compilation = CreateCompilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree declaration = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        string changed = declaration.GetText().ToString().Replace("Epochs = 2", "Epochs = 3", StringComparison.Ordinal);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(declaration, declaration.WithChangedText(SourceText.From(changed))));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        IncrementalStepRunReason[] models = result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Single(models, IncrementalStepRunReason.Modified);
        Assert.Single(models, IncrementalStepRunReason.Cached);
        AssertCachedOrUnchanged(result, TrackingNames.Catalog);
    }

    [Fact]
    public void TheWalkerFindsARoslynObjectHiddenInAModel()
    {
        var model = new { Name = "x", Items = new object[] { 1, new { Where = Location.None } } };

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoRoslynObject(model, "model", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    /// <summary>The two samples (both with claims) and an unrelated file, in a compilation that references xunit, so every step runs.</summary>
    private static CSharpCompilation CreateCompilation() =>
        GeneratorHarness.CreateCompilation([GeneratorHarness.PermutedMnistEwc, GeneratorHarness.PermutedMnistNaive, Unrelated], implicitUsings: true, requireDocumentation: false, xunit: true);

    private static SyntaxTree AddComment(SyntaxTree tree, int position) =>
        tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(position, 0), "// An unrelated comment.\n")));

    private static void AssertEveryStepCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (string name in StepNames)
            AssertCachedOrUnchanged(result, name);
    }

    private static void AssertCachedOrUnchanged(GeneratorRunResult result, string name)
    {
        Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"No step is tracked as '{name}'.");
        foreach ((object _, IncrementalStepRunReason reason) in steps.SelectMany(s => s.Outputs))
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Step '{name}' produced an output that is {reason}.");
    }

    /// <summary>Walks every field of <paramref name="value"/>, recursively, failing on any Roslyn object that must not be cached.</summary>
    private static void AssertNoRoslynObject(object? value, string path, HashSet<object> visited)
    {
        if (value is null)
            return;
        Type type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type)
            return;
        Assert.False(
            value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location or AttributeData
                || type == typeof(SyntaxToken) || type == typeof(SyntaxNodeOrToken) || type == typeof(SyntaxTrivia) || type == typeof(TypedConstant),
            $"{path} holds a {type.FullName}.");
        if (!type.IsValueType && !visited.Add(value))
            return;

        if (value is IEnumerable sequence && type.IsArray)
        {
            int i = 0;
            foreach (object? item in sequence)
                AssertNoRoslynObject(item, $"{path}[{i++}]", visited);
            return;
        }

        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    continue;
                AssertNoRoslynObject(field.GetValue(value), $"{path}.{field.Name}", visited);
            }
        }
    }
}
