using Engram.Experiments;
using Engram.Samples;

namespace Engram.Cli.Tests;

/// <summary>
/// What <c>run</c> says before it trains: which data the run reads (none for a family that generates its tasks), and
/// whether the declared description still describes the configuration that runs.
/// </summary>
public sealed class RunHeaderTests : IDisposable
{
    private readonly string folder = Cli.NewFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The curve sample as the generated catalog lists it (with sizes and overrides).</summary>
    private static ExperimentDescriptor[] Curve { get; } =
    [
        ExperimentDescriptor.Create("CurveNaiveThreeTasks", "Fine-tuning on 3 curve intervals", "CurveRegression", CurveNaiveThreeTasks.Declared,
            CurveNaiveThreeTasks.Claims, CurveNaiveThreeTasks.Run),
    ];

    [Fact]
    public void A_description_with_line_breaks_and_tabs_heads_the_run_on_one_line()
    {
        ExperimentDescriptor[] curve =
        [
            ExperimentDescriptor.Create("CurveNaiveThreeTasks", "Fine-tuning\non 3 curve\tintervals", "CurveRegression", CurveNaiveThreeTasks.Declared,
                CurveNaiveThreeTasks.Claims, CurveNaiveThreeTasks.Run),
        ];

        (int exit, string output) = Cli.Run(curve, "run", "CurveNaiveThreeTasks", "--size", "quick", "--tasks", "1", "--threads", "1", "-o", folder);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("CurveNaiveThreeTasks: Fine-tuning on 3 curve intervals (declared; overridden: Tasks=1, Epochs=300)", output.Split('\n').Select(l => l.TrimEnd()));
    }

    [Fact]
    public void Only_families_that_generate_their_tasks_read_no_data()
    {
        Assert.False(Family("CurveRegression").ReadsData);
        Assert.True(Family("PermutedMnist").ReadsData);
        Assert.True(Family("SplitMnist").ReadsData);

        static ExperimentDescriptor Family(string family) => new("X", "", family, new object(), _ => throw new InvalidOperationException());
    }

    [Fact]
    public void A_curve_run_says_its_data_is_generated_not_the_mnist_digits()
    {
        (int exit, string output) = Cli.Run(Curve, "run", "CurveNaiveThreeTasks", "--size", "quick", "--tasks", "1", "--threads", "1", "-o", folder);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("Data: generated from the [CurveRegression] declaration, no data set read; results: ", Flatten(output));
        Assert.DoesNotContain("MNIST", output);
    }

    [Fact]
    public void Data_given_to_a_family_that_reads_none_is_refused_before_anything_runs()
    {
        string data = Path.Combine(folder, "fashion");

        (int exit, string output) = Cli.Run(Curve, "run", "CurveNaiveThreeTasks", "--data", data, "-o", folder);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains($"error (--data {data}): CurveNaiveThreeTasks reads no data set: its [CurveRegression] tasks are generated from the declaration; drop --data",
            Flatten(output));
        Assert.Empty(Directory.GetFileSystemEntries(folder)); // no run folder: nothing ran
    }

    [Fact]
    public void Data_given_to_a_family_that_reads_it_is_named_in_the_header()
    {
        // The directory does not exist: the run fails on the data after the header, which is all this test reads.
        string data = Path.Combine(folder, "no-such-data");

        (int exit, string output) = Cli.Run("run", "PermutedMnistNaive", "--data", data, "-o", Path.Combine(folder, "runs"));

        Assert.Equal(ExitCodes.DataError, exit);
        Assert.Contains($"Data: {data}; results: ", Flatten(output));
    }

    [Fact]
    public void Overrides_that_change_the_declared_settings_are_named_next_to_the_declared_description()
    {
        (int exit, string output) = Cli.Run(Curve, "run", "CurveNaiveThreeTasks", "--size", "quick", "--tasks", "1", "--threads", "1", "-o", folder);

        Assert.Equal(ExitCodes.Success, exit);
        // The quick size cut the epochs from 3000 to 300 and --tasks the tasks from 3 to 1: the "3 curve intervals" no longer hold.
        Assert.Contains("CurveNaiveThreeTasks: Fine-tuning on 3 curve intervals (declared; overridden: Tasks=1, Epochs=300)", Flatten(output));
    }

    [Fact]
    public void An_override_equal_to_the_declaration_changes_nothing_and_is_not_named()
    {
        (int exit, string output) = Cli.Run(Curve, "run", "CurveNaiveThreeTasks", "--size", "quick", "--tasks", "1", "--seed", "1", "--threads", "1", "-o", folder);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("(declared; overridden: Tasks=1, Epochs=300)", Flatten(output));
        Assert.DoesNotContain("Seed=", output);
    }

    // The console wraps long lines; the tests read the text, not the layout.
    private static string Flatten(string output) => string.Join(' ', output.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
