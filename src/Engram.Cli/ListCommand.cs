using System.CommandLine;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary><c>list</c>: the experiments in the catalog with their declared configuration.</summary>
internal static class ListCommand
{
    public static Command Create(IReadOnlyList<ExperimentDescriptor> catalog, IAnsiConsole console)
    {
        var command = new Command("list", "List the experiments in this program with their declared configuration.");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("Experiment", "Family", "Description", "Configuration");
            foreach (ExperimentDescriptor experiment in catalog)
                table.AddRow(CellText.Of(experiment.Name), CellText.Of(experiment.Family), CellText.Of(experiment.Description), CellText.Of(ConfigText.Describe(experiment.Declared)));
            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
