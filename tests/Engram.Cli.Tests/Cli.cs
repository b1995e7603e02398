using Engram.Cli;
using Engram.Experiments;
using Spectre.Console.Testing;

namespace Engram.Cli.Tests;

/// <summary>Runs the command line in-process against a catalog, capturing everything it prints.</summary>
internal static class Cli
{
    public static (int Exit, string Output) Run(IReadOnlyList<ExperimentDescriptor> catalog, params string[] args) => RunAtWidth(200, catalog, args);

    /// <summary>As <see cref="Run(IReadOnlyList{ExperimentDescriptor}, string[])"/> on a console of <paramref name="width"/> columns, not a terminal.</summary>
    public static (int Exit, string Output) RunAtWidth(int width, IReadOnlyList<ExperimentDescriptor> catalog, params string[] args)
    {
        var console = new TestConsole().Width(width);
        console.Profile.Capabilities.Interactive = false;
        using var parser = new StringWriter();
        int exit = EngramCli.Run(args, catalog, console, parser);
        return (exit, parser + console.Output);
    }

    /// <summary>The two samples, as the generated catalog lists them (which is internal to the samples assembly).</summary>
    public static IReadOnlyList<ExperimentDescriptor> Samples { get; } =
    [
        new("PermutedMnistNaive", "fine-tuning", "PermutedMnist", Engram.Samples.PermutedMnistNaive.Declared, Engram.Samples.PermutedMnistNaive.Run),
        new("PermutedMnistEwc", "offline EWC", "PermutedMnist", Engram.Samples.PermutedMnistEwc.Declared, Engram.Samples.PermutedMnistEwc.Run),
    ];

    public static (int Exit, string Output) Run(params string[] args) => Run(Samples, args);

    public static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "engram-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
