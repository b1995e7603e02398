using Engram.Cli;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Samples.Tests;

/// <summary>
/// Run-time overrides go through the generated <c>Spec.Override</c>: the same rules, ids and messages as the
/// compile-time diagnostics, checked before anything trains; the command line refuses with exit code 5.
/// </summary>
public class OverrideTests
{
    [Fact]
    public void A_valid_override_replaces_the_declared_value_and_nothing_else()
    {
        OverrideResult<PermutedMnistEwc.Spec> result = PermutedMnistEwc.Declared.Override(new RunOverrides { Tasks = 2, LearningRate = 0.01, EwcLambda = 400 });

        Assert.False(result.IsRefused);
        Assert.Empty(result.Problems);
        Assert.Equal(PermutedMnistEwc.Declared with { Tasks = 2, LearningRate = 0.01, EwcLambda = 400 }, result.Spec);
    }

    [Fact]
    public void A_broken_rule_is_refused_with_the_compile_time_id_and_message()
    {
        OverrideResult<PermutedMnistNaive.Spec> result = PermutedMnistNaive.Declared.Override(new RunOverrides { Tasks = 0, LearningRate = -1, BatchSize = -1 });

        Assert.True(result.IsRefused);
        Assert.Equal(
            [
                "error ENG0010: [PermutedMnist] Tasks is 0; an experiment needs at least 1 task and at most 1000",
                "error ENG0013: [Adam] LearningRate is -1; it must be a finite number greater than 0",
                "error ENG0012: [Training] BatchSize is -1; it must be at least 0 (0 = full batch: every step trains on the task's whole training set)",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_task_count_split_MNIST_has_no_digits_for_is_refused_with_ENG0037()
    {
        OverrideResult<SplitMnistClassIncremental.Spec> tooMany = SplitMnistClassIncremental.Declared.Override(new RunOverrides { Tasks = 6 });
        OverrideResult<SplitMnistClassIncremental.Spec> fewer = SplitMnistClassIncremental.Declared.Override(new RunOverrides { Tasks = 4 });

        Assert.True(tooMany.IsRefused);
        Assert.Equal(
            "error ENG0037: [SplitMnist] Tasks is 6 and ClassesPerTask is 2, so the tasks need 12 classes, but MNIST has 10; lower Tasks or ClassesPerTask so that Tasks x ClassesPerTask is at most 10",
            Assert.Single(tooMany.Problems).ToString());
        Assert.False(fewer.IsRefused);
        Assert.Equal(4, fewer.Spec.Tasks);
    }

    [Fact]
    public void An_override_of_a_setting_the_experiment_does_not_declare_is_refused()
    {
        OverrideResult<PermutedMnistNaive.Spec> result = PermutedMnistNaive.Declared.Override(new RunOverrides { EwcLambda = 5, Momentum = 0.9 });

        Assert.True(result.IsRefused);
        Assert.Equal(
            [
                "error: PermutedMnistNaive declares no [Sgd], so it has no [Sgd] Momentum to override",
                "error: PermutedMnistNaive declares no [Ewc], so it has no [Ewc] Lambda to override",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_regularizer_left_with_one_task_or_no_strength_is_a_warning_not_a_refusal()
    {
        OverrideResult<PermutedMnistEwc.Spec> result = PermutedMnistEwc.Declared.Override(new RunOverrides { Tasks = 1, EwcLambda = 0 });

        Assert.False(result.IsRefused);
        Assert.Equal(["ENG0022", "ENG0021"], result.Problems.Select(p => p.Id));
        Assert.All(result.Problems, p => Assert.Equal(ProblemSeverity.Warning, p.Severity));
        Assert.Equal(1, result.Spec.Tasks);
    }

    [Fact]
    public void The_mask_l1_and_online_ewc_settings_are_overridden_with_their_rules()
    {
        OverrideResult<CurveL1Mask.Spec> curve = CurveL1Mask.Declared.Override(new RunOverrides { MaskFreeze = 1.5, L1Strength = 1e-4, Tasks = 1, BatchSize = 0 });
        OverrideResult<PermutedMnistOnlineEwc.Spec> online = PermutedMnistOnlineEwc.Declared.Override(new RunOverrides { EwcGamma = 0.5 });
        OverrideResult<PermutedMnistEwc.Spec> offline = PermutedMnistEwc.Declared.Override(new RunOverrides { EwcGamma = 0.5, MaskFreeze = 0.5 });

        Assert.Equal(
            [
                "error ENG0028: [FisherMask] Freeze is 1.5; the fraction of units to freeze must be greater than 0 and at most 1 (0.9 freezes the most significant 90%)",
                "warning ENG0021: [FisherMask] can do nothing: [CurveRegression] Tasks is 1, and a regularizer or mask protects earlier tasks only while later ones train; declare Tasks = 2 or more, or remove [FisherMask]",
            ],
            curve.Problems.Select(p => p.ToString()));
        Assert.Equal((1e-4, 0), (curve.Spec.L1Strength, curve.Spec.BatchSize));
        Assert.Empty(online.Problems);
        Assert.Equal(0.5, online.Spec.EwcGamma);
        Assert.Equal(
            [
                "error: PermutedMnistEwc declares no [Ewc(Online = true)], so it has no [Ewc(Online = true)] Gamma to override",
                "error: PermutedMnistEwc declares no [FisherMask], so it has no [FisherMask] Freeze to override",
            ],
            offline.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void The_quick_size_keeps_at_most_three_tasks_and_one_epoch()
    {
        Assert.Equal(PermutedMnistEwc.Declared with { Tasks = 3, Epochs = 1 }, PermutedMnistEwc.Declared.At(RunSize.Quick));
        Assert.Same(PermutedMnistEwc.Declared.Hidden, PermutedMnistEwc.Declared.At(RunSize.Full).Hidden);
        Assert.Equal(PermutedMnistEwc.Declared, PermutedMnistEwc.Declared.At(RunSize.Full));
        Assert.Equal(RunSize.Quick, RunSizes.Parse(" Quick ", RunSize.Full));
        Assert.Equal(RunSize.Full, RunSizes.Parse("", RunSize.Full));
        Assert.Throws<InvalidOperationException>(() => RunSizes.Parse("small", RunSize.Full));
    }

    [Fact]
    public void The_catalog_applies_the_size_before_the_overrides()
    {
        ExperimentDescriptor ewc = Engram.Generated.ExperimentCatalog.All.Single(e => e.Name == "PermutedMnistEwc");

        ConfiguredExperiment configured = ewc.Configure(RunSize.Quick, new RunOverrides { Epochs = 2 });

        Assert.False(configured.IsRefused);
        Assert.Equal(PermutedMnistEwc.Declared with { Tasks = 3, Epochs = 2 }, configured.Spec);
        Assert.Equal(PermutedMnistEwc.Claims, ewc.Claims);
    }

    [Fact]
    public void The_command_line_refuses_bad_overrides_before_anything_trains()
    {
        string output = Path.Combine(Path.GetTempPath(), "engram-override-test-" + Guid.NewGuid().ToString("N"));
        (int exit, string text) = RunCli("run", "PermutedMnistNaive", "--tasks", "0", "--lambda", "5", "--output", output);

        Assert.Equal(5, exit);
        Assert.Contains("Refused: PermutedMnistNaive was not run", text, StringComparison.Ordinal);
        Assert.Contains("error ENG0010 (--tasks 0): [PermutedMnist] Tasks is 0; an experiment needs at least 1 task and at most 1000", text, StringComparison.Ordinal);
        Assert.Contains("error (--lambda 5): PermutedMnistNaive declares no [Ewc], so it has no [Ewc] Lambda to override", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private static (int Exit, string Text) RunCli(params string[] args)
    {
        var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 1000;
        int exit = EngramCli.Run(args, Engram.Generated.ExperimentCatalog.All, console);
        return (exit, writer.ToString());
    }
}
