namespace Engram.Cli.Tests;

/// <summary>The resume hint is what the person typed: how the launch words are read from the command lines.</summary>
public class LaunchCommandTests
{
    private static readonly string[] Args = ["run", "PermutedMnistEwc", "--tasks", "3"];

    [Fact]
    public void Under_dotnet_run_the_hint_repeats_the_dotnet_run_command_not_the_apphost_it_started()
    {
        string[] self = ["/repo/samples/Engram.Samples/bin/Release/net10.0/linux-x64/Engram.Samples", .. Args];
        string[] parent = ["dotnet", "run", "--project", "samples/Engram.Samples", "-c", "Release", "--", .. Args];

        IReadOnlyList<string>? prefix = LaunchCommand.FindPrefix(self, parent, Args);

        Assert.Equal(["dotnet", "run", "--project", "samples/Engram.Samples", "-c", "Release", "--"], prefix);
    }

    [Fact]
    public void Under_dotnet_run_without_a_double_dash_the_hint_adds_one()
    {
        string[] self = ["/repo/bin/Engram.Samples", .. Args];
        string[] parent = ["/usr/share/dotnet/dotnet", "run", "--project", "samples/Engram.Samples", .. Args];

        Assert.Equal(["/usr/share/dotnet/dotnet", "run", "--project", "samples/Engram.Samples", "--"], LaunchCommand.FindPrefix(self, parent, Args));
    }

    [Theory]
    [InlineData("./Engram.Samples")]
    [InlineData("engram")]
    public void Started_directly_the_hint_starts_with_the_program_as_typed(string program)
    {
        Assert.Equal([program], LaunchCommand.FindPrefix([program, .. Args], ["-bash"], Args));
    }

    [Fact]
    public void Started_with_dotnet_and_a_dll_the_hint_keeps_both()
    {
        Assert.Equal(["dotnet", "bin/Engram.Samples.dll"], LaunchCommand.FindPrefix(["dotnet", "bin/Engram.Samples.dll", .. Args], ["-bash"], Args));
    }

    [Fact]
    public void A_command_line_that_does_not_end_with_the_arguments_is_not_guessed_from()
    {
        // In-process, e.g. inside a test host: the process's command line is the host's.
        Assert.Null(LaunchCommand.FindPrefix(["/usr/share/dotnet/dotnet", "exec", "testhost.dll", "--port", "1234"], ["dotnet", "test"], Args));
        Assert.Null(LaunchCommand.FindPrefix(Args, null, Args));
    }

    [Fact]
    public void Words_a_shell_would_split_or_expand_are_quoted()
    {
        Assert.Equal("dotnet run --project 'my samples/X' -- run --resume '/tmp/it'\\''s/run'",
            LaunchCommand.Join(["dotnet", "run", "--project", "my samples/X", "--", "run", "--resume", "/tmp/it's/run"]));
    }

    [Fact]
    public void Unknown_launch_words_fall_back_to_the_program_itself()
    {
        // This test host's command line does not end with these arguments, so the launch is unknown.
        IReadOnlyList<string> hint = new LaunchCommand(Args).Hint("run", "--resume", "/runs/X/1");

        // The program by a path that exists (its apphost, or dotnet and its dll), not a bare assembly name.
        Assert.EndsWith(" run --resume /runs/X/1", hint[0], StringComparison.Ordinal);
        Assert.Contains(hint[0][..^" run --resume /runs/X/1".Length].Split(' '), File.Exists);
    }
}
