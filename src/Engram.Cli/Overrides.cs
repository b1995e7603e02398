using System.CommandLine;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// The <c>run</c> options that change an experiment's declared settings (<c>--tasks</c>, <c>--lr</c>, ...) and its
/// size (<c>--size</c>). The values are checked before anything trains, by the generated <c>Spec.Override</c> with the
/// rules of the compile-time diagnostics: a broken rule is refused with the diagnostic's id and message and exit code
/// <see cref="RefusedExitCode"/>, as is an override of a setting the experiment does not declare.
/// </summary>
internal sealed class Overrides
{
    /// <summary>Exit code of a run refused because of its overrides (nothing was trained).</summary>
    public const int RefusedExitCode = 5;

    private readonly Option<int?> seed = new("--seed") { Description = "Replaces [Experiment] Seed." };
    private readonly Option<int?> tasks = new("--tasks") { Description = "Replaces the task family's Tasks (at least 1)." };
    private readonly Option<int?> epochs = new("--epochs") { Description = "Replaces [Training] Epochs (at least 1)." };
    private readonly Option<int?> batchSize = new("--batch-size") { Description = "Replaces [Training] BatchSize (at least 0; 0 = full batch)." };
    private readonly Option<double?> learningRate = new("--lr") { Description = "Replaces the optimizer's LearningRate (greater than 0)." };
    private readonly Option<double?> momentum = new("--momentum") { Description = "Replaces [Sgd] Momentum (in [0, 1); experiments with [Sgd] only)." };
    private readonly Option<double?> lambda = new("--lambda") { Description = "Replaces [Ewc] Lambda (at least 0; experiments with [Ewc] only)." };
    private readonly Option<int?> fisherSamples = new("--fisher-samples") { Description = "Replaces [Ewc] FisherSamples (at least 1; experiments with [Ewc] only)." };
    private readonly Option<double?> gamma = new("--gamma") { Description = "Replaces [Ewc] Gamma (in [0, 1]; experiments with online EWC only)." };
    private readonly Option<double?> l1 = new("--l1") { Description = "Replaces [L1] Strength (at least 0; experiments with [L1] only)." };
    private readonly Option<double?> freeze = new("--freeze") { Description = "Replaces [FisherMask] Freeze (in (0, 1]; experiments with [FisherMask] only)." };

    private readonly Option<RunSize> size = new("--size")
    {
        Description = $"full: the declared tasks and epochs; quick: {RunSizes.QuickLimits} " +
                      "(what the generated experiment tests run by default). Overrides apply after the size.",
        DefaultValueFactory = _ => RunSize.Full,
    };

    /// <summary>The command-line option of each setting.</summary>
    public static string OptionName(Setting setting) => setting switch
    {
        Setting.Seed => "--seed",
        Setting.Tasks => "--tasks",
        Setting.Epochs => "--epochs",
        Setting.BatchSize => "--batch-size",
        Setting.LearningRate => "--lr",
        Setting.Momentum => "--momentum",
        Setting.EwcLambda => "--lambda",
        Setting.EwcFisherSamples => "--fisher-samples",
        Setting.EwcGamma => "--gamma",
        Setting.L1Strength => "--l1",
        Setting.MaskFreeze => "--freeze",
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { size, seed, tasks, epochs, batchSize, learningRate, momentum, lambda, fisherSamples, gamma, l1, freeze })
            command.Options.Add(option);
    }

    /// <summary>
    /// Applies the size and overrides given on the command line to <paramref name="experiment"/> and prints what they
    /// change and any problem. Returns the experiment as it will run (its description marked with the settings that no
    /// longer hold as declared), or null when the overrides are refused or <paramref name="otherErrors"/> (problems with
    /// other options, e.g. <c>--data</c>, as plain text) is not empty.
    /// </summary>
    public ExperimentDescriptor? Configure(ExperimentDescriptor experiment, ParseResult parsed, IAnsiConsole console, IReadOnlyList<string>? otherErrors = null)
    {
        otherErrors ??= [];
        var overrides = new RunOverrides
        {
            Seed = parsed.GetValue(seed),
            Tasks = parsed.GetValue(tasks),
            Epochs = parsed.GetValue(epochs),
            BatchSize = parsed.GetValue(batchSize),
            LearningRate = parsed.GetValue(learningRate),
            Momentum = parsed.GetValue(momentum),
            EwcLambda = parsed.GetValue(lambda),
            EwcFisherSamples = parsed.GetValue(fisherSamples),
            EwcGamma = parsed.GetValue(gamma),
            L1Strength = parsed.GetValue(l1),
            MaskFreeze = parsed.GetValue(freeze),
        };
        RunSize runSize = parsed.GetValue(size);
        ConfiguredExperiment configured = experiment.Configure(runSize, overrides);

        if (configured.IsRefused || otherErrors.Count > 0)
        {
            console.MarkupLine($"[red]Refused:[/] {Markup.Escape(experiment.Name)} was not run; fix these options:");
            foreach (SettingProblem problem in configured.Problems)
                console.MarkupLine("  " + Describe(problem));
            foreach (string error in otherErrors)
                console.MarkupLine("  [red]error[/] " + Markup.Escape(error));
            return null;
        }

        foreach (SettingProblem problem in configured.Problems)
            console.MarkupLine(Describe(problem));
        if (runSize != RunSize.Full)
            console.MarkupLine($"Size: {Markup.Escape(RunSizes.Describe(runSize))}");
        if (!overrides.IsEmpty)
            console.MarkupLine("Overrides: " + Markup.Escape(string.Join(", ", overrides.Given.Select(s => $"{OptionName(s)} {overrides.ValueText(s)}"))));
        return experiment with { Run = configured.Run, Description = Describe(experiment.Description, ConfigText.Changes(experiment.Declared, configured.Spec)) };
    }

    /// <summary>
    /// The declared description, marked when the size or overrides changed settings it may describe, e.g.
    /// <c>Offline EWC on 5 permuted-MNIST tasks. (declared; overridden: Tasks=3, Epochs=1)</c>.
    /// </summary>
    private static string Describe(string declared, IReadOnlyList<string> changes) =>
        changes.Count == 0 ? declared
        : declared.Length == 0 ? $"(overridden: {string.Join(", ", changes)})"
        : $"{declared} (declared; overridden: {string.Join(", ", changes)})";

    /// <summary>E.g. <c>error ENG0010 (--tasks 0): [PermutedMnist] Tasks is 0; an experiment needs at least 1 task and at most 1000</c>, as markup.</summary>
    private static string Describe(SettingProblem problem)
    {
        string severity = problem.Severity == ProblemSeverity.Error ? "[red]error[/]" : "[yellow]warning[/]";
        string id = problem.Id is null ? "" : " " + problem.Id;
        return $"{severity}{id} ({Markup.Escape(OptionName(problem.Setting))} {Markup.Escape(problem.Value)}): {Markup.Escape(problem.Message)}";
    }
}
