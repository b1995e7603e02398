using System.Runtime.InteropServices;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM during a run into a stop request: the run finishes the step under way,
/// writes a checkpoint and stops. A second Ctrl-C ends the process at once (the checkpoint of the last finished task is
/// still there); a repeated SIGTERM does not, because it is usually not a second request: <c>dotnet run</c> forwards
/// to the program the SIGTERM that the program already received when the whole process group was signalled (as
/// <c>timeout</c>, Slurm and <c>docker stop</c> do). Schedulers that will not wait follow SIGTERM with SIGKILL.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;
    private readonly IAnsiConsole console;
    private readonly Lock gate = new();
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
        // Handlers can run concurrently (two signals at once): one at a time, so the messages come in order.
        lock (gate)
        {
            if (++received > 1)
            {
                if (context.Signal == PosixSignal.SIGINT)
                {
                    context.Cancel = false; // a second Ctrl-C: quit now
                    return;
                }

                // A repeated SIGTERM (dotnet run forwarding the group's signal, or a supervisor repeating itself) must
                // not cut the checkpoint short.
                context.Cancel = true;
                console.MarkupLine("[yellow]SIGTERM again:[/] still finishing the step and writing the checkpoint; Ctrl-C (SIGINT) or SIGKILL quits at once.");
                return;
            }

            context.Cancel = true;
            Signal = context.Signal;
            source.Cancel();
            string quit = context.Signal == PosixSignal.SIGINT ? "press Ctrl-C again to quit at once" : "Ctrl-C (SIGINT) or SIGKILL quits at once";
            console.MarkupLine($"[yellow]{Markup.Escape(Name)}:[/] finishing the current step and writing a checkpoint; {Markup.Escape(quit)}.");
        }
    }
}
