using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Engram.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Engram.Generators.Tests;

/// <summary>Compiles test sources against .NET 10, Engram.dll and TorchSharp.dll and runs the generator over them.</summary>
internal static class GeneratorHarness
{
    /// <summary>Latest C#, XML documentation checked (the repo builds with GenerateDocumentationFile).</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>The global usings the SDK adds with ImplicitUsings enabled (as every project of the repo has).</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    /// <summary>The sample <c>samples/Engram.Samples/PermutedMnistEwc.cs</c>, as it is in the repository.</summary>
    public static string PermutedMnistEwc { get; } = Sample("PermutedMnistEwc.cs");

    /// <summary>The sample <c>samples/Engram.Samples/PermutedMnistNaive.cs</c>: the same as <see cref="PermutedMnistEwc"/> without [Ewc].</summary>
    public static string PermutedMnistNaive { get; } = Sample("PermutedMnistNaive.cs");

    /// <summary>SGD with momentum, every other setting omitted (defaults), in the global namespace, internal.</summary>
    public const string SgdDefaults = """
        using Engram.Dsl;

        /// <summary>SGD with the default schedule.</summary>
        [Experiment(Name = "sgd-defaults")]
        [PermutedMnist]
        [Mlp(50, Activation = Activation.Tanh)]
        [Sgd(Momentum = 0.9)]
        internal partial class SgdDefaults;
        """;

    /// <summary>Every metadata reference a test compilation needs.</summary>
    public static ImmutableArray<MetadataReference> References { get; } =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(Engram.Dsl.ExperimentAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
    ];

    /// <summary>xunit's assemblies, for compilations that stand for a test project (experiments as tests).</summary>
    public static ImmutableArray<MetadataReference> XunitReferences { get; } =
    [
        MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Xunit.Abstractions.ITestOutputHelper).Assembly.Location),
    ];

    /// <summary>The text of a file of <c>samples/Engram.Samples</c>.</summary>
    public static string Sample(string fileName) => File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "Engram.Samples", fileName));

    /// <summary>The repository's root directory.</summary>
    public static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    /// <summary>
    /// A library compilation of <paramref name="sources"/> (files <c>Source0.cs</c>, ...) with the repo's settings:
    /// implicit usings, nullable enabled, warnings as errors, XML documentation checked except CS1591 (missing
    /// comments, which the repo's Directory.Build.props silences).
    /// </summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(sources, implicitUsings: true, requireDocumentation: false);

    /// <summary>
    /// A compilation as <see cref="CreateCompilation(string[])"/>, optionally without implicit usings, with CS1591 as an
    /// error too, or referencing xunit (a test project).
    /// </summary>
    public static CSharpCompilation CreateCompilation(string[] sources, bool implicitUsings, bool requireDocumentation, bool xunit = false)
    {
        IEnumerable<SyntaxTree> trees = sources.Select((source, i) => ParseSource(source, $"Source{i}.cs"));
        if (implicitUsings)
            trees = trees.Append(ParseSource(ImplicitUsings, "GlobalUsings.g.cs"));
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error);
        // The SDK passes /nowarn:1701;1702 to every build (TorchSharp binds System.Runtime 8.0, unified to 10.0).
        Dictionary<string, ReportDiagnostic> silenced = new()
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        };
        if (!requireDocumentation)
            silenced["CS1591"] = ReportDiagnostic.Suppress;
        options = options.WithSpecificDiagnosticOptions(silenced);
        return CSharpCompilation.Create("Experiments", trees, xunit ? References.AddRange(XunitReferences) : References, options);
    }

    /// <summary>Parses one file with <see cref="ParseOptions"/>.</summary>
    public static SyntaxTree ParseSource(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A driver for <see cref="ExperimentGenerator"/> that tracks every incremental step.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new ExperimentGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    /// <summary>Runs the generator over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(compilation, output, driver.GetRunResult(), diagnostics);
    }

    /// <summary>The text of a generated file by hint name.</summary>
    public static string Generated(this GeneratorRun run, string hintName) =>
        run.Result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}

/// <summary>One generator run: the input and output compilations, the result and the generator's diagnostics.</summary>
internal sealed record GeneratorRun(Compilation Input, Compilation Output, GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> Diagnostics);
