using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engram.Benchmarks;

/// <summary>
/// One long-lived PyTorch peer (<c>benchmarks/peer/peer.py</c>) driven by JSON lines, so its measurements interleave
/// with Engram's in one run. Started with the same thread count (<c>torch.set_num_threads</c> and
/// <c>OMP_NUM_THREADS</c>).
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process process;

    private PeerProcess(Process process, JsonObject hello)
    {
        this.process = process;
        TorchVersion = (string?)hello["torch"] ?? "?";
        Threads = (int?)hello["threads"] ?? 0;
    }

    /// <summary>The peer's torch version.</summary>
    public string TorchVersion { get; }

    /// <summary>The peer's intra-op thread count.</summary>
    public int Threads { get; }

    /// <summary>
    /// The Python interpreter to use: <paramref name="requested"/>, else the first of <c>/usr/bin/python3</c> (where
    /// Debian's python3-torch lives) and <c>python3</c> on the PATH.
    /// </summary>
    public static string Interpreter(string? requested) =>
        requested ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>Starts the peer, or returns null (with the reason) when Python or torch is missing.</summary>
    public static PeerProcess? TryStart(string python, int threads, out string? error)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "peer", "peer.py");
        var info = new ProcessStartInfo(python, [script, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        info.Environment["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var process = Process.Start(info)!;
            string? line = process.StandardOutput.ReadLine();
            if (line is null)
            {
                error = $"{python} {script} exited before it was ready (is python3-torch installed?)";
                return null;
            }

            error = null;
            return new PeerProcess(process, JsonNode.Parse(line)!.AsObject());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = $"cannot start {python}: {e.Message}";
            return null;
        }
    }

    /// <summary>Sends one command and returns its reply.</summary>
    /// <exception cref="InvalidOperationException">The peer died.</exception>
    public JsonObject Send(object command)
    {
        process.StandardInput.WriteLine(JsonSerializer.Serialize(command));
        process.StandardInput.Flush();
        string line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The PyTorch peer exited (see its error output above).");
        return JsonNode.Parse(line)!.AsObject();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            process.StandardInput.WriteLine("{\"cmd\": \"quit\"}");
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000))
                process.Kill();
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}
