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

    /// <summary>The sample <c>CurveNaiveThreeTasks.cs</c>: curve regression without a regularizer (the curve samples' docs cite it).</summary>
    public static string CurveNaiveThreeTasks { get; } = Sample("CurveNaiveThreeTasks.cs");

    /// <summary>The sample <c>CurveMaskTwoTasks.cs</c>: curve regression, full batch, a layer-wise neuron mask.</summary>
    public static string CurveMaskTwoTasks { get; } = Sample("CurveMaskTwoTasks.cs");

    /// <summary>The sample <c>CurveL1Mask.cs</c>: curve regression with an L1 penalty and a mask.</summary>
    public static string CurveL1Mask { get; } = Sample("CurveL1Mask.cs");

    /// <summary>The sample <c>CurveMaskEwc.cs</c>: curve regression with offline EWC and a mask.</summary>
    public static string CurveMaskEwc { get; } = Sample("CurveMaskEwc.cs");

    /// <summary>The sample <c>PermutedMnistOnlineEwc.cs</c>: online EWC.</summary>
    public static string PermutedMnistOnlineEwc { get; } = Sample("PermutedMnistOnlineEwc.cs");

    /// <summary>The sample <c>SplitMnistClassIncremental.cs</c>: split MNIST, one shared head, no regularizer.</summary>
    public static string SplitMnistClassIncremental { get; } = Sample("SplitMnistClassIncremental.cs");

    /// <summary>The sample <c>SplitMnistTaskIncremental.cs</c>: split MNIST with a head per task, no regularizer.</summary>
    public static string SplitMnistTaskIncremental { get; } = Sample("SplitMnistTaskIncremental.cs");

    /// <summary>The sample <c>SplitMnistTaskIncrementalEwc.cs</c>: split MNIST with a head per task and offline EWC.</summary>
    public static string SplitMnistTaskIncrementalEwc { get; } = Sample("SplitMnistTaskIncrementalEwc.cs");

    /// <summary>The sample <c>PermutedMnistMask.cs</c>: a mask on a classification family.</summary>
    public static string PermutedMnistMask { get; } = Sample("PermutedMnistMask.cs");

    /// <summary>
    /// Every regularizer at once, each with settings other than its defaults: a global per-parameter mask on the latest
    /// task only, by the sampled Fisher; online EWC by the exact Fisher; L1 on two layers; SGD with momentum.
    /// </summary>
    public const string MaskEwcL1 = """
        using Engram.Dsl;

        namespace Lab.Combined;

        /// <summary>Mask, online EWC and L1 in one experiment.</summary>
        [Experiment(Name = "mask-ewc-l1", Seed = 3)]
        [PermutedMnist(Tasks = 4)]
        [Mlp(64, 32, Activation = Activation.Tanh)]
        [Sgd(LearningRate = 0.05, Momentum = 0.9), Training(Epochs = 3, BatchSize = 128)]
        [Ewc(Lambda = 50, Online = true, Gamma = 0.8, Fisher = FisherEstimator.Exact, FisherSamples = 500)]
        [L1(Strength = 1e-5, Layers = [0, 2])]
        [FisherMask(Freeze = 0.6, Scope = MaskScope.Global, Granularity = MaskGranularity.Parameter, Accumulate = MaskAccumulation.Latest, Fisher = FisherEstimator.Sampled, FisherSamples = 200)]
        [Expect(Metric.Acc, AtLeast = 0.5)]
        public partial class MaskEwcL1;
        """;

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
