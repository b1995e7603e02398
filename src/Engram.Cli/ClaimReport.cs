using System.Globalization;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// After a run: the experiment's <c>[Expect]</c> claims as checked against the result (claim, measured value, met),
/// and the exit code <see cref="UnmetExitCode"/> when one is not met.
/// </summary>
internal static class ClaimReport
{
    /// <summary>Exit code of a run that finished but did not meet every claim of its experiment.</summary>
    public const int UnmetExitCode = 7;

    /// <summary>Prints the checked claims (nothing when there are none).</summary>
    /// <returns><see cref="ExitCodes.Success"/> when every claim is met, else <see cref="UnmetExitCode"/>.</returns>
    public static int Write(IAnsiConsole console, ExperimentResult result)
    {
        if (result.Claims.Count == 0)
            return ExitCodes.Success;

        var table = new Table().Title(Markup.Escape("Claims ([Expect])")).AddColumns("claim", "measured", "");
        foreach (CheckedClaim claim in result.Claims)
        {
            table.AddRow(
                Markup.Escape(claim.Claim.ToString()),
                claim.Measured is double value ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "not measured",
                claim.Met ? "[green]met[/]" : "[red]not met[/]");
        }

        console.Write(table);
        if (result.ClaimsMet)
            return ExitCodes.Success;
        int unmet = result.Claims.Count(static c => !c.Met);
        string notMet = result.Claims.Count == 1 ? "The claim is not met" : $"{unmet} of {result.Claims.Count} claims not met";
        console.MarkupLine($"[red]{notMet}[/] (exit code {UnmetExitCode}).");
        return UnmetExitCode;
    }
}
