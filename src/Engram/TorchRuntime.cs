using System.Runtime.InteropServices;
using TorchSharp;

namespace Engram;

/// <summary>
/// Loads TorchSharp's native library once and turns a load failure into a message that says what to do.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<string> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Ensures libtorch is loaded; returns a one-line description of the loaded runtime (version, threads).
    /// </summary>
    /// <exception cref="InvalidOperationException">The native library cannot be loaded; the message names the cause.</exception>
    public static string EnsureLoaded() => Loaded.Value;

    private static string Load()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return $"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch CPU, {Counts.Of(torch.get_num_threads(), "thread")}";
        }
        catch (Exception torchError)
        {
            throw new InvalidOperationException(Diagnose(torchError), torchError);
        }
    }

    private static string Diagnose(Exception torchError)
    {
        string library = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux())
            return $"TorchSharp could not be initialised: {torchError.Message}";
        if (!File.Exists(library))
            return $"TorchSharp's native library is missing from {AppContext.BaseDirectory}. Build with a runtime identifier " +
                   "(Directory.Build.props sets the host's) so that TorchSharp-cpu copies its natives into the output.";
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(library));
            return $"TorchSharp could not be initialised although {library} loads: {torchError.Message}";
        }
        catch (DllNotFoundException loadError) when (loadError.Message.Contains("GLIBCXX", StringComparison.Ordinal))
        {
            return $"{library} needs a newer libstdc++ than this system has ({loadError.Message}). The build marks " +
                   "GLIBCXX_3.4.32 weak (build/LibTorchSharpGlibcxx.targets) after every copy into the output; rebuild " +
                   "instead of copying binaries by hand, or install a libstdc++ with that version.";
        }
        catch (DllNotFoundException loadError)
        {
            return $"{library} cannot be loaded: {loadError.Message}";
        }
    }
}
