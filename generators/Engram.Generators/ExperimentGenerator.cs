using System;
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
                static (node, _) => node is ClassDeclarationSyntax,
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
        context.RegisterSourceOutput(models, static (output, model) => output.AddSource(HintName(model), Emit(model)));

        // The catalog depends only on the set of entries (sorted), not on the rest of the models.
        IncrementalValueProvider<EquatableArray<CatalogEntry>> catalog = models
            .Select(static (model, _) => ToCatalogEntry(model))
            .WithTrackingName(TrackingNames.CatalogEntries)
            .Collect()
            .WithTrackingName(TrackingNames.CollectedCatalogEntries)
            .Select(static (entries, _) => SortCatalog(entries))
            .WithTrackingName(TrackingNames.Catalog);
        context.RegisterSourceOutput(catalog, static (output, entries) =>
        {
            if (entries.Count > 0)
                output.AddSource(CatalogHintName, EmitCatalog(entries));
        });

        // ENG0041: a task family on a class without [Experiment] would otherwise be ignored without a word.
        foreach (string family in TaskFamilyAttributes.Keys.OrderBy(static k => k, StringComparer.Ordinal))
        {
            IncrementalValuesProvider<EquatableArray<Diagnostics.DiagnosticInfo>> unmarked = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    DslNamespace + "." + family,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (syntaxContext, cancellationToken) => CheckMarked(syntaxContext, cancellationToken))
                .WithTrackingName(TrackingNames.Unmarked);
            context.RegisterSourceOutput(unmarked, static (output, infos) => Report(output, infos));
        }

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
        IncrementalValueProvider<TestHostModel> testHost = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => ReadTestHost(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.TestHost);
        IncrementalValuesProvider<ClaimTestModel> claimTests = models
            .Where(static model => model.Claims.Count > 0)
            .WithTrackingName(TrackingNames.Claimed)
            .Select(static (model, _) => ToClaimTest(model))
            .WithTrackingName(TrackingNames.LocalClaimTests)
            .Collect()
            .WithTrackingName(TrackingNames.CollectedLocalClaimTests)
            .Combine(testHost)
            .Select(static (pair, _) => SelectClaimTests(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ClaimTests)
            .SelectMany(static (tests, _) => tests)
            .WithTrackingName(TrackingNames.ClaimTest);
        context.RegisterSourceOutput(claimTests, static (output, test) => output.AddSource(ClaimTestHintName(test), EmitClaimTest(test)));
    }

    private static void Report(SourceProductionContext output, EquatableArray<Diagnostics.DiagnosticInfo> diagnostics)
    {
        foreach (Diagnostics.DiagnosticInfo diagnostic in diagnostics)
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
    }

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
