using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Engram.Experiments;
using Engram.Reporting;
using Engram.Samples;
using Engram.Training;

namespace Engram.Cli.Tests;

/// <summary>
/// The samples program as a user runs it, in its own process: Ctrl-C (SIGINT) in the middle of a task, or SIGKILL
/// right after a task, then <c>run --resume</c>: the resumed run's results.json holds exactly the numbers of an
/// uninterrupted run at the same seed and thread count (matrix, baseline, every learning-curve point, every Fisher
/// histogram), and nothing finished is lost.
/// </summary>
public sealed class InterruptionTests : IDisposable
{
    // 2 tasks of 3 epochs (375 steps, about a second each on a quiet machine, so the SIGKILL sent when task 2 starts
    // lands inside it: with 1 epoch a quiet machine finished task 2 before the signal arrived), 2 threads, a curve
    // point every 25 steps.
    private const int Threads = 2;
    private static readonly string[] Options = ["--tasks", "2", "--epochs", "3", "--threads", "2", "--curve-every", "25"];
    private static readonly Lazy<ExperimentResult> Uninterrupted = new(() =>
        PermutedMnistEwc.Run(PermutedMnistEwc.Declared with { Tasks = 2, Epochs = 3 }, new RunContext { Threads = Threads, CurveEvery = 25 }));

    private readonly string folder = Cli.NewFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [FactOnUnix]
    public void Ctrl_c_mid_task_checkpoints_exits_130_and_resume_ends_exactly_as_an_uninterrupted_run()
    {
        string hint;
        using (var run = Program.Start(["run", "PermutedMnistEwc", .. Options, "-o", folder]))
        {
            // The first progress line of task 1 (step 37 of 375): the signal lands well inside the task (in epoch 1, or
            // epoch 2 when the machine is slow to deliver it).
            run.WaitForOutput("task 1/2 (identity): epoch 1 step ");
            run.Signal("INT");
            Assert.Equal(ExitCodes.Interrupted, run.WaitForExit());
            string printed = Flatten(run.Output);
            Assert.Contains("Interrupted by Ctrl-C (SIGINT): Stopped as asked in task 1/2 (identity), epoch ", printed);
            Assert.Contains("resuming continues with step ", printed);
            // The program was started by its path, so the hint starts with that path (not a bare name the shell cannot find).
            hint = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("Resume with: ", StringComparison.Ordinal))["Resume with: ".Length..].TrimEnd();
        }

        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(folder, "PermutedMnistEwc")));
        Assert.Equal($"{LaunchCommand.Join(Program.Launch)} run --resume {runFolder}", hint);
        StoppedRun stopped = StoppedRunFile.Read(runFolder);
        Assert.Equal("interrupted", stopped.Stop.Status);
        Assert.InRange(stopped.Stop.Step, 1, 374);
        using (Checkpoint checkpoint = Checkpoint.Read(Path.Combine(runFolder, Checkpoint.FolderName)))
            Assert.Equal(stopped.Stop.Step, checkpoint.Manifest.Position!.Step);

        Resume(runFolder, hint); // pasted into a shell as printed
    }

    [FactOnUnix]
    public void Sigterm_delivered_twice_at_once_as_dotnet_run_does_still_checkpoints_and_exits_143()
    {
        // A SIGTERM to the process group of `dotnet run` reaches the program twice: once from the group signal, once
        // forwarded by dotnet run. The second must not turn the graceful stop into an abrupt one.
        string printed;
        using (var run = Program.Start(["run", "PermutedMnistEwc", .. Options, "-o", folder]))
        {
            run.WaitForOutput("task 1/2 (identity): epoch 1 step ");
            run.Signal("TERM");
            run.Signal("TERM");
            Assert.Equal(ExitCodes.Terminated, run.WaitForExit());
            printed = Flatten(run.Output);
        }

        Assert.Contains("Interrupted by SIGTERM: Stopped as asked in task 1/2 (identity), epoch ", printed);
        Assert.Contains("Resume with: ", printed);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(folder, "PermutedMnistEwc")));
        StoppedRun stopped = StoppedRunFile.Read(runFolder);
        Assert.Equal("interrupted", stopped.Stop.Status);
        using Checkpoint checkpoint = Checkpoint.Read(Path.Combine(runFolder, Checkpoint.FolderName));
        Assert.Equal(stopped.Stop.Step, checkpoint.Manifest.Position!.Step);
    }

    [FactOnUnix]
    public void Sigkill_after_a_task_loses_at_most_the_task_under_way_and_resume_ends_exactly_as_an_uninterrupted_run()
    {
        string runFolder;
        using (var run = Program.Start(["run", "PermutedMnistEwc", .. Options, "-o", folder]))
        {
            // The first progress line of task 2 (step 37 of 375), not its start line: on a quiet machine the start line
            // and the end of the task can be closer together than the kill takes to arrive.
            run.WaitForOutput("task 2/2 (permutation 1): epoch 1 step ");
            run.Signal("KILL"); // no chance to write anything more
            run.WaitForExit();
            runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(folder, "PermutedMnistEwc")));
        }

        Assert.False(File.Exists(Path.Combine(runFolder, ResultsFile.FileName)));
        using (Checkpoint checkpoint = Checkpoint.Read(Path.Combine(runFolder, Checkpoint.FolderName)))
        {
            Assert.Equal(1, checkpoint.Manifest.CompletedTasks);
            Assert.Null(checkpoint.Manifest.Position);
            Assert.Equal(Uninterrupted.Value.Accuracy.Row(0), checkpoint.Manifest.Progress.Rows[0]);
        }

        Resume(runFolder);
    }

    private static void Resume(string runFolder, string? shellCommand = null)
    {
        using (var resumed = shellCommand is null ? Program.Start(["run", "--resume", runFolder]) : Program.Shell(shellCommand))
        {
            Assert.Equal(ExitCodes.Success, resumed.WaitForExit());
            Assert.Contains("Resuming PermutedMnistEwc from ", Flatten(resumed.Output));
        }

        RunRecord record = ResultsFile.Read(runFolder);
        ExperimentResult expected = Uninterrupted.Value;
        Assert.Equal(expected.Accuracy.ToRows(), record.AccuracyMatrix.Select(r => r.ToArray()).ToArray());
        Assert.Equal(expected.BaselineAccuracy, record.BaselineAccuracy);
        Assert.Equal(Json(expected.Curves), Json(record.Curves));
        Assert.Equal(Json(expected.Significance), Json(record.Significance));
        Assert.Equal(Threads, record.Machine!.Threads);
        // The complete results replace the checkpoint and the partial results.
        Assert.False(Directory.Exists(Path.Combine(runFolder, Checkpoint.FolderName)));
        Assert.False(File.Exists(Path.Combine(runFolder, StoppedRunFile.FileName)));
        Assert.False(File.Exists(Path.Combine(runFolder, ".lock")));
    }

    // The program wraps its lines at the console width; the tests read the text, not the layout.
    private static string Flatten(string output) => string.Join(' ', output.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ResultsFile.Options);

    /// <summary>The samples program in a child process, its output captured.</summary>
    private sealed class Program : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
        private readonly Process process;
        private readonly StringBuilder output = new();

        private Program(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (output)
                    return output.ToString();
            }
        }

        /// <summary>The words that start the samples program: its apphost, or dotnet and its dll.</summary>
        public static string[] Launch
        {
            get
            {
                string apphost = Path.Combine(AppContext.BaseDirectory, "Engram.Samples");
                return File.Exists(apphost) ? [apphost] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "Engram.Samples.dll")];
            }
        }

        public static Program Start(string[] args) => Start(new ProcessStartInfo(Launch[0]), [.. Launch[1..], .. args]);

        /// <summary>A command line as a person pastes it into a shell.</summary>
        public static Program Shell(string commandLine) => Start(new ProcessStartInfo("/bin/sh"), ["-c", commandLine]);

        private static Program Start(ProcessStartInfo start, string[] args)
        {
            foreach (string arg in args)
                start.ArgumentList.Add(arg);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            return new Program(Process.Start(start)!);
        }

        public void WaitForOutput(string text)
        {
            var clock = Stopwatch.StartNew();
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                Assert.False(process.HasExited, $"the program ended before printing '{text}':\n{Output}");
                Assert.True(clock.Elapsed < Timeout, $"no '{text}' after {Timeout}:\n{Output}");
                Thread.Sleep(20);
            }
        }

        public void Signal(string signal)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
            kill.WaitForExit();
        }

        public int WaitForExit()
        {
            Assert.True(process.WaitForExit(Timeout), $"the program did not end within {Timeout}:\n{Output}");
            process.WaitForExit(); // drain the output
            return process.ExitCode;
        }

        public void Dispose()
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
                return;
            lock (output)
                output.AppendLine(line);
        }
    }
}

/// <summary>A fact that needs POSIX signals sent with <c>kill</c>.</summary>
public sealed class FactOnUnixAttribute : FactAttribute
{
    public FactOnUnixAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "sends POSIX signals with kill";
    }
}
