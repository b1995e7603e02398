using System.Runtime.InteropServices;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM during a run into a stop request: the run finishes the step under way,
/// writes a checkpoint and stops. A second signal ends the process at once (the checkpoint of the last finished task
/// is still there).
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;
    private readonly IAnsiConsole console;
    private int received;

    public StopSignals(IAnsiConsole console)
    {
        this.console = console;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>The exit code of a run stopped by <see cref="Signal"/>.</summary>
    public int ExitCode => Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>How the signal is named to people.</summary>
    public string Name => Signal == PosixSignal.SIGTERM ? "SIGTERM" : "Ctrl-C (SIGINT)";

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in registrations)
            registration.Dispose();
        source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref received) > 1)
        {
            context.Cancel = false; // a second signal: quit now
            return;
        }

        context.Cancel = true;
        Signal = context.Signal;
        source.Cancel();
        console.MarkupLine($"[yellow]{Markup.Escape(Name)}:[/] finishing the current step and writing a checkpoint; send it again to quit at once.");
    }
}
