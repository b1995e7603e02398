using System.Globalization;
using System.Text.Json;
using Engram.Reporting;
using Engram.Training;

namespace Engram.Cli;

/// <summary>
/// A run folder <c>&lt;root&gt;/&lt;experiment&gt;/&lt;UTC time&gt;</c> held by one process. A new run claims a fresh folder
/// by creating its <c>run.json</c> exclusively (so two runs started in the same second, even in two processes, never
/// share one), checks that the folder can be written and that its disk has room, and holds an exclusive lock
/// (<c>.lock</c>) while it runs, so that a second <c>run --resume</c> of the same folder is refused.
/// </summary>
internal sealed class RunFolder : IDisposable
{
    /// <summary>Free space a run needs at least: checkpoints (two state files at a time), results, figures.</summary>
    public const long MinimumFreeBytes = 64L << 20;

    /// <summary>File recording how the run was started (experiment and command-line arguments), for <c>--resume</c>.</summary>
    public const string InvocationFile = "run.json";

    private const string LockFile = ".lock";
    private readonly FileStream lockStream;

    /// <summary>The folders above the run folder that <see cref="Create"/> made (deepest first): removed again when left empty.</summary>
    private readonly IReadOnlyList<string> createdAbove;

    private RunFolder(string path, FileStream lockStream, IReadOnlyList<string> createdAbove)
    {
        Path = path;
        this.lockStream = lockStream;
        this.createdAbove = createdAbove;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Where the run keeps its checkpoint.</summary>
    public string CheckpointDirectory => System.IO.Path.Combine(Path, Checkpoint.FolderName);

    /// <summary>
    /// Claims a fresh run folder under <paramref name="root"/>, records <paramref name="invocation"/> in it, checks it is
    /// writable with room to spare, and locks it.
    /// </summary>
    /// <exception cref="OutputFolderException">The folder cannot be created or written, or the disk is (nearly) full.</exception>
    public static RunFolder Create(string root, RunInvocation invocation, long minimumFreeBytes = MinimumFreeBytes)
    {
        string parent = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, invocation.Experiment));
        string[] createdAbove = Missing(parent);
        try
        {
            Guard(parent, () => Directory.CreateDirectory(parent), "cannot create the folder");
            return Claim(parent, invocation, minimumFreeBytes, createdAbove);
        }
        catch (OutputFolderException)
        {
            RemoveEmptyFolders(createdAbove);
            throw;
        }
    }

    /// <summary>Claims a fresh run folder in the existing <paramref name="parent"/>; a refused claim leaves nothing behind.</summary>
    private static RunFolder Claim(string parent, RunInvocation invocation, long minimumFreeBytes, IReadOnlyList<string> createdAbove)
    {
        string stem = System.IO.Path.Combine(parent, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        byte[] content = JsonSerializer.SerializeToUtf8Bytes(invocation, ResultsFile.Options);
        for (int attempt = 0; ; attempt++)
        {
            string candidate = attempt == 0 ? stem : $"{stem}-{attempt}";
            bool fresh = !Directory.Exists(candidate);
            Guard(candidate, () => Directory.CreateDirectory(candidate), "cannot create the run folder");
            string claimed = System.IO.Path.Combine(candidate, InvocationFile);
            try
            {
                // CreateNew is exclusive: of two processes claiming the same folder, one gets IOException here.
                using (var claim = new FileStream(claimed, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    claim.Write(content);
                    claim.Flush(flushToDisk: true);
                }
            }
            catch (IOException) when (File.Exists(claimed))
            {
                continue; // taken by another run
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                if (fresh)
                    RemoveEmptyFolders([candidate]);
                throw Unusable(candidate, error);
            }

            try
            {
                return Open(candidate, minimumFreeBytes, createdAbove);
            }
            catch (OutputFolderException)
            {
                // Refused before the run wrote anything but its claim: take the claim (and the folder) back.
                TryDelete(claimed);
                if (fresh)
                    RemoveEmptyFolders([candidate]);
                throw;
            }
        }
    }

    /// <summary>Opens an existing run folder (to resume it): checks it is writable with room to spare, and locks it.</summary>
    /// <exception cref="OutputFolderException">It cannot be written, the disk is (nearly) full, or another process holds it.</exception>
    public static RunFolder Open(string folder, long minimumFreeBytes = MinimumFreeBytes) => Open(folder, minimumFreeBytes, []);

    private static RunFolder Open(string folder, long minimumFreeBytes, IReadOnlyList<string> createdAbove)
    {
        string path = System.IO.Path.GetFullPath(folder);
        Probe(path, minimumFreeBytes);
        FileStream lockStream;
        try
        {
            lockStream = new FileStream(System.IO.Path.Combine(path, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error)
        {
            throw new OutputFolderException($"{path} is in use by another Engram process (it holds {LockFile}); wait for it to finish or stop it", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw Unusable(path, error);
        }

        return new RunFolder(path, lockStream, createdAbove);
    }

    /// <summary>Reads the invocation recorded in <paramref name="folder"/>.</summary>
    /// <exception cref="OutputFolderException">There is none, or it is malformed.</exception>
    public static RunInvocation ReadInvocation(string folder)
    {
        string path = System.IO.Path.Combine(folder, InvocationFile);
        try
        {
            return JsonSerializer.Deserialize<RunInvocation>(File.ReadAllText(path), ResultsFile.Options)
                   ?? throw new OutputFolderException($"{path} is empty");
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OutputFolderException($"{folder} is not a run folder ({InvocationFile} is missing)", error);
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"{path} cannot be read: {error.Message}", error);
        }
    }

    /// <summary>
    /// After a run that failed before it finished or checkpointed anything: removes the folder, and the folders above
    /// it that this run created (<c>&lt;output&gt;/&lt;experiment&gt;</c>, <c>&lt;output&gt;</c>) when they are left
    /// empty, so failed starts leave no empty folders behind. Does nothing when the folder holds results, partial
    /// results or a checkpoint.
    /// </summary>
    public void RemoveIfEmpty()
    {
        Dispose();
        if (File.Exists(System.IO.Path.Combine(Path, ResultsFile.FileName)) || File.Exists(System.IO.Path.Combine(Path, StoppedRunFile.FileName))
            || Directory.Exists(CheckpointDirectory))
            return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return;
        }

        RemoveEmptyFolders(createdAbove);
    }

    /// <summary>Releases the lock (and removes the lock file).</summary>
    public void Dispose()
    {
        if (!lockStream.CanRead)
            return;
        try
        {
            File.Delete(System.IO.Path.Combine(Path, LockFile));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }

        lockStream.Dispose();
    }

    /// <summary>
    /// Writes and deletes a 1 MiB file in <paramref name="folder"/>, flushed to disk (a full disk or a read-only
    /// mount fails here, not after hours of training), and checks the free space.
    /// </summary>
    /// <exception cref="OutputFolderException">The folder cannot be written or the disk has less than <paramref name="minimumFreeBytes"/> free.</exception>
    public static void Probe(string folder, long minimumFreeBytes = MinimumFreeBytes)
    {
        string probe = System.IO.Path.Combine(folder, $".write-test-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(new byte[1 << 20]);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw Unusable(folder, error);
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
            }
        }

        long free;
        try
        {
            free = new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return; // no way to tell; the write test passed
        }

        if (free < minimumFreeBytes)
            throw new OutputFolderException(string.Create(CultureInfo.InvariantCulture,
                $"{folder} has only {free / (1024.0 * 1024):0.0} MiB free; a run needs at least {minimumFreeBytes / (1024.0 * 1024):0} MiB for its checkpoints and results. Free some space or choose another --output"));
    }

    /// <summary>The folders from <paramref name="folder"/> upwards that do not exist yet (deepest first).</summary>
    private static string[] Missing(string folder)
    {
        var missing = new List<string>();
        for (string? dir = folder; dir is not null && !Directory.Exists(dir) && !File.Exists(dir); dir = System.IO.Path.GetDirectoryName(dir))
            missing.Add(dir);
        return missing.ToArray();
    }

    /// <summary>
    /// Removes each folder (deepest first) that exists and is empty; stops at the first that is not (another run's
    /// folder in it, or a file: then the folders above it are not empty either). Never removes anything but empty folders.
    /// </summary>
    private static void RemoveEmptyFolders(IEnumerable<string> folders)
    {
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder))
                continue;
            try
            {
                Directory.Delete(folder, recursive: false);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void Guard(string path, Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"{what} {path}: {Reason(error)}", error);
        }
    }

    private static OutputFolderException Unusable(string path, Exception error) =>
        new($"cannot write to {path}: {Reason(error)}", error);

    private static string Reason(Exception error) => error switch
    {
        UnauthorizedAccessException => "permission denied (choose another --output or fix its permissions)",
        IOException io when (io.HResult & 0xFFFF) == 28 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) => "the disk is full",
        _ => error.Message,
    };
}

/// <summary>How a run was started: recorded in <c>run.json</c> so that <c>run --resume</c> configures it the same way.</summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Arguments">The <c>run</c> command's arguments (experiment, overrides, options), as given.</param>
/// <param name="StartedUtc">When the run started.</param>
internal sealed record RunInvocation(string Experiment, IReadOnlyList<string> Arguments, DateTimeOffset StartedUtc);

/// <summary>The output folder cannot be used: not creatable, not writable, full, or in use.</summary>
internal sealed class OutputFolderException(string message, Exception? inner = null) : Exception(message, inner);
