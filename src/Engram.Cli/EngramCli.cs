using System.CommandLine;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// The command line over a catalog of experiments. An experiments assembly's <c>Main</c> hands its generated catalog
/// here: <c>return EngramCli.Run(args, Engram.Generated.ExperimentCatalog.All);</c>
/// </summary>
public static class EngramCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <returns>A code from <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, IReadOnlyList<ExperimentDescriptor> catalog) => Run(args, catalog, AnsiConsole.Console);

    /// <summary>As <see cref="Run(string[], IReadOnlyList{ExperimentDescriptor})"/>, writing to <paramref name="console"/>.</summary>
    public static int Run(string[] args, IReadOnlyList<ExperimentDescriptor> catalog, IAnsiConsole console)
    {
        var root = new RootCommand("Engram: declared continual-learning experiments on real data.");
        root.Subcommands.Add(ListCommand.Create(catalog, console));
        root.Subcommands.Add(RunCommand.Create(catalog, console));
        return root.Parse(args).Invoke();
    }
}
