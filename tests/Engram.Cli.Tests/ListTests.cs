using Engram.Experiments;
using Engram.Samples;

namespace Engram.Cli.Tests;

/// <summary><c>list</c> as a script or a file sees it.</summary>
public class ListTests
{
    [Fact]
    public void List_redirected_at_80_columns_keeps_every_experiment_on_one_unwrapped_line()
    {
        ExperimentDescriptor[] catalog =
        [
            new("PermutedMnistEwc", "Offline EWC on 5 permuted-MNIST tasks: anchors Fisher-important weights.", "PermutedMnist",
                PermutedMnistEwc.Declared, PermutedMnistEwc.Run),
            new("CurveMaskEwc", "Layer-wise neuron mask and EWC together on the 3 curve intervals.", "CurveRegression",
                CurveMaskEwc.Declared, CurveMaskEwc.Run),
        ];

        // A console that is not a terminal and says 80 columns: what Spectre assumes when stdout is redirected.
        (int exit, string output) = Cli.RunAtWidth(80, catalog, "list");

        Assert.Equal(ExitCodes.Success, exit);
        string[] lines = output.Split('\n');
        foreach (ExperimentDescriptor experiment in catalog)
        {
            string line = Assert.Single(lines, l => l.Contains(experiment.Name, StringComparison.Ordinal));
            Assert.Contains(experiment.Description, line, StringComparison.Ordinal);
            Assert.Contains(ConfigText.Describe(experiment.Declared), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_description_with_line_breaks_and_tabs_is_listed_on_one_line()
    {
        ExperimentDescriptor[] catalog =
        [
            new("PermutedMnistEwc", "Offline EWC\non permuted MNIST:\r\n\tanchors  weights. ", "PermutedMnist", PermutedMnistEwc.Declared, PermutedMnistEwc.Run),
            new("CurveMaskEwc", "Mask and EWC.", "CurveRegression", CurveMaskEwc.Declared, CurveMaskEwc.Run),
        ];

        (int exit, string output) = Cli.Run(catalog, "list");

        Assert.Equal(ExitCodes.Success, exit);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines, l => l.Contains("PermutedMnistEwc", StringComparison.Ordinal));
        Assert.Contains("Offline EWC on permuted MNIST: anchors weights.", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', output);
        // Header, rule and bottom border aside, one line per experiment: no row was split.
        Assert.Equal(catalog.Length + 4, lines.Count(l => l.Trim().Length > 0));
    }
}
