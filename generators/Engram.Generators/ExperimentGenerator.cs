using System;
using System.Collections.Generic;
using System.Globalization;
using System.Collections.Immutable;
using System.Linq;
using Engram.Generators.Helpers;
using Engram.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Engram.Generators;

/// <summary>
/// Expands every <c>[Experiment]</c> partial class into a typed <c>Spec</c>, its <c>Declared</c> value and a
/// <c>Run</c> loop holding exactly the declared steps, adds one <c>Engram.Generated.ExperimentCatalog</c> per assembly,
/// and reports the ENGxxxx diagnostics of declarations that break a rule of <see cref="Validation.ExperimentRules"/>.
/// </summary>
/// <remarks>
/// The pipeline: <c>ForAttributeWithMetadataName</c> parses each class into an <see cref="ExperimentParseResult"/>
/// (<c>ExperimentGenerator.Parse.cs</c>); its diagnostics are reported from their own step, and its location-free
/// <see cref="ExperimentModel"/> feeds the per-class source (<c>.Emit.cs</c>) and, collected, the catalog
/// (<c>.Catalog.cs</c>). Every step is value-equatable, so an edit that does not change a declaration re-emits nothing.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class ExperimentGenerator : IIncrementalGenerator
{
    /// <summary>Metadata name of the attribute that marks an experiment (defined in Engram.dll).</summary>
    public const string ExperimentAttributeName = "Engram.Dsl.ExperimentAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ExperimentParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ExperimentAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntaxContext, cancellationToken) => Parse(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // Diagnostics travel apart from the models: a moved or changed diagnostic does not re-emit code.
        IncrementalValuesProvider<EquatableArray<Diagnostics.DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, infos) => Report(output, infos));

        IncrementalValuesProvider<ExperimentModel> models = parsed
            .Where(static result => result.Model is not null)
            .WithTrackingName(TrackingNames.Emittable)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);
        // Hint names are compared ignoring case, so two classes whose full names differ only in case (or one named
        // like the catalog's file) get numbered names; every other experiment keeps <Namespace>.<Class>.g.cs.
        IncrementalValuesProvider<HintNamed<ExperimentModel>> named = models
            .Collect()
            .WithTrackingName(TrackingNames.CollectedModels)
            .SelectMany(static (all, _) => WithUniqueHintNames(all, static m => HintStem(m.FullName), ".g.cs", CatalogHintName))
            .WithTrackingName(TrackingNames.HintNames);
        context.RegisterSourceOutput(named, static (output, item) => output.AddSource(item.HintName, Emit(item.Item)));

        // Whether this is a test project (references xunit), and the experiments with claims it can see.
        IncrementalValueProvider<TestHostModel> testHost = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => ReadTestHost(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.TestHost);

        // The catalog depends only on the set of entries (sorted), not on the rest of the models.
        IncrementalValueProvider<EquatableArray<CatalogEntry>> catalog = models
            .Select(static (model, _) => ToCatalogEntry(model))
            .WithTrackingName(TrackingNames.CatalogEntries)
            .Collect()
            .WithTrackingName(TrackingNames.CollectedCatalogEntries)
            .Select(static (entries, _) => SortCatalog(entries))
            .WithTrackingName(TrackingNames.Catalog);

        // The catalog is written even with no experiment, so that a new experiments program's Main compiles while its
        // first declaration is still broken; only a test project (xunit), which may see another assembly's catalog
        // through InternalsVisibleTo, gets none of its own.
        context.RegisterSourceOutput(catalog.Combine(testHost), static (output, pair) =>
        {
            if (pair.Left.Count > 0 || !pair.Right.ReferencesXunit)
                output.AddSource(CatalogHintName, EmitCatalog(pair.Left));
        });

        // ENG0041: a task family on a class without [Experiment] would otherwise be ignored without a word.
        foreach (string family in TaskFamilyAttributes.Keys.OrderBy(static k => k, StringComparer.Ordinal))
        {
            IncrementalValuesProvider<EquatableArray<Diagnostics.DiagnosticInfo>> unmarked = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    DslNamespace + "." + family,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (syntaxContext, cancellationToken) => CheckMarked(syntaxContext, cancellationToken))
                .WithTrackingName(TrackingNames.Unmarked);
            context.RegisterSourceOutput(unmarked, static (output, infos) => Report(output, infos));
        }

        // ENG0043: a type of an experiment's namespace (or an enclosing one) hiding a name its generated code uses. It
        // depends on every type of the compilation, so this step runs on each edit; its output is equatable, so the
        // report only changes when the diagnostics do.
        IncrementalValueProvider<EquatableArray<Diagnostics.DiagnosticInfo>> hiddenNames = models
            .Select(static (model, _) => new ExperimentPlace(model.Namespace, model.Name))
            .WithTrackingName(TrackingNames.Places)
            .Collect()
            .Combine(context.CompilationProvider)
            .Select(static (pair, cancellationToken) => FindHiddenNames(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.HiddenNames);
        context.RegisterSourceOutput(hiddenNames, static (output, infos) => Report(output, infos));

        IncrementalValueProvider<EquatableArray<Diagnostics.DiagnosticInfo>> duplicateNames = parsed
            .Where(static result => result.NameInfo is not null)
            .WithTrackingName(TrackingNames.Named)
            .Select(static (result, _) => result.NameInfo!)
            .WithTrackingName(TrackingNames.Names)
            .Collect()
            .WithTrackingName(TrackingNames.CollectedNames)
            .Select(static (names, _) => FindDuplicateNames(names))
            .WithTrackingName(TrackingNames.DuplicateNames);
        context.RegisterSourceOutput(duplicateNames, static (output, infos) => Report(output, infos));

        // Experiments as tests (.ClaimTests.cs): only in a compilation that references xunit.
        IncrementalValuesProvider<HintNamed<ClaimTestModel>> claimTests = models
            .Where(static model => model.Claims.Count > 0)
            .WithTrackingName(TrackingNames.Claimed)
            .Select(static (model, _) => ToClaimTest(model))
            .WithTrackingName(TrackingNames.LocalClaimTests)
            .Collect()
            .WithTrackingName(TrackingNames.CollectedLocalClaimTests)
            .Combine(testHost)
            .Select(static (pair, _) => SelectClaimTests(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ClaimTests)
            .SelectMany(static (tests, _) => WithUniqueHintNames(tests, static t => HintStem(t.FullName), ".Claims.g.cs"))
            .WithTrackingName(TrackingNames.ClaimTest);
        context.RegisterSourceOutput(claimTests, static (output, test) => output.AddSource(test.HintName, EmitClaimTest(test.Item)));
    }

    private static void Report(SourceProductionContext output, EquatableArray<Diagnostics.DiagnosticInfo> diagnostics)
    {
        foreach (Diagnostics.DiagnosticInfo diagnostic in diagnostics)
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
    }

    /// <summary>
    /// Gives every item the hint name <c>stem + suffix</c>, made unique ignoring case (as the compiler compares hint
    /// names) by a number before the suffix, in ordinal order of the stems; <paramref name="reserved"/> names are taken first.
    /// </summary>
    private static ImmutableArray<HintNamed<T>> WithUniqueHintNames<T>(IEnumerable<T> items, Func<T, string> stem, string suffix, params string[] reserved)
    {
        var taken = new HashSet<string>(reserved, StringComparer.OrdinalIgnoreCase);
        ImmutableArray<HintNamed<T>>.Builder named = ImmutableArray.CreateBuilder<HintNamed<T>>();
        foreach (T item in items.OrderBy(stem, StringComparer.Ordinal))
        {
            string hint = stem(item) + suffix;
            for (int n = 2; !taken.Add(hint); n++)
                hint = stem(item) + "." + n.ToString(CultureInfo.InvariantCulture) + suffix;
            named.Add(new HintNamed<T>(item, hint));
        }

        return named.ToImmutable();
    }

    /// <summary>A full name as a hint name's stem: without the <c>@</c> of keywords, which hint names do not allow.</summary>
    private static string HintStem(string fullName) => fullName.Replace("@", "");

    private static EquatableArray<Diagnostics.DiagnosticInfo> FindDuplicateNames(ImmutableArray<ExperimentName> names)
    {
        if (names.Length < 2)
            return EquatableArray<Diagnostics.DiagnosticInfo>.Empty;

        // The first declaration (by type name) keeps its name; every later one is reported against it.
        return names
            .OrderBy(static n => n.TypeName, StringComparer.Ordinal)
            .GroupBy(static n => n.Name, StringComparer.OrdinalIgnoreCase)
            .Where(static g => g.Count() > 1)
            .SelectMany(static g => g.Skip(1).Select(n => Diagnostics.DiagnosticInfo.Create(
                Diagnostics.DiagnosticDescriptors.DuplicateName, n.Location, n.Name, g.First().TypeName, g.First().Name)))
            .ToEquatableArray();
    }
}
