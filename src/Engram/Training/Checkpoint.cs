using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engram.Reporting;

namespace Engram.Training;

/// <summary>
/// A run's checkpoint: everything a resumed run needs to continue exactly where the run stopped. A checkpoint folder
/// holds <c>checkpoint.json</c> (what ran, how far it got, the results so far: readable) and one binary state file
/// (model parameters, optimizer state, random-generator states, regularizer and mask state) that the manifest names
/// with its SHA-256.
/// </summary>
/// <remarks>
/// Written so that a crash at any moment leaves a complete checkpoint: the new state file goes under a new name and
/// is flushed to disk, then the manifest is replaced atomically (temporary file, then rename), and only then is the
/// previous state file deleted. A reader always finds a manifest naming a complete state file.
/// </remarks>
public sealed class Checkpoint : IDisposable
{
    /// <summary>Version of the checkpoint layout.</summary>
    public const int FormatVersion = 1;

    /// <summary>File name of the manifest inside a checkpoint folder.</summary>
    public const string ManifestFile = "checkpoint.json";

    /// <summary>Conventional name of the checkpoint folder inside a run folder.</summary>
    public const string FolderName = "checkpoint";

    private Checkpoint(string directory, CheckpointManifest manifest, TrainingState state)
    {
        Directory = directory;
        Manifest = manifest;
        State = state;
    }

    /// <summary>Serializer settings of the manifest and of JSON state values (those of results.json).</summary>
    public static JsonSerializerOptions JsonOptions => ResultsFile.Options;

    /// <summary>The folder it was read from.</summary>
    public string Directory { get; }

    /// <summary>What ran and how far it got.</summary>
    public CheckpointManifest Manifest { get; }

    /// <summary>The tensors and values (owned by the checkpoint).</summary>
    public TrainingState State { get; }

    /// <summary>Whether <paramref name="directory"/> holds a checkpoint manifest.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, ManifestFile));

    /// <summary>Reads the checkpoint in <paramref name="directory"/>, checking the state file against the manifest's hash.</summary>
    /// <exception cref="CheckpointException">No checkpoint there, or it is malformed, damaged or of another version.</exception>
    public static Checkpoint Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath))
            throw new CheckpointException($"{directory} holds no checkpoint ({ManifestFile} is missing)");
        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(manifestPath), JsonOptions)
                       ?? throw new CheckpointException($"{manifestPath} is empty");
        }
        catch (JsonException error)
        {
            throw new CheckpointException($"{manifestPath} is not a valid checkpoint manifest: {error.Message}", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{manifestPath} cannot be read: {error.Message}", error);
        }

        if (manifest.Format != FormatVersion)
            throw new CheckpointException($"{manifestPath} has format {manifest.Format}; this Engram reads format {FormatVersion}");
        if (string.IsNullOrEmpty(manifest.StateFile) || manifest.StateFile != Path.GetFileName(manifest.StateFile))
            throw new CheckpointException($"{manifestPath} names no valid state file");

        string statePath = Path.Combine(directory, manifest.StateFile);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(statePath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{statePath} cannot be read: {error.Message}", error);
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.Length != manifest.StateBytes || hash != manifest.StateSha256)
            throw new CheckpointException(
                $"{statePath} is damaged: {bytes.Length} bytes with SHA-256 {hash}, the manifest says {manifest.StateBytes} bytes with {manifest.StateSha256}");
        using var stream = new MemoryStream(bytes, writable: false);
        TrainingState state;
        try
        {
            state = TrainingState.ReadFrom(stream);
        }
        catch (CheckpointException error)
        {
            throw new CheckpointException($"{statePath}: {error.Message}", error);
        }

        return new Checkpoint(directory, manifest, state);
    }

    /// <summary>
    /// Writes <paramref name="manifest"/> and <paramref name="state"/> into <paramref name="directory"/> (created if
    /// missing), replacing the checkpoint there without ever leaving it incomplete.
    /// </summary>
    /// <returns>The manifest as written (with the state file's name, size and hash).</returns>
    /// <exception cref="IOException">The folder cannot be written (full disk, permissions).</exception>
    public static CheckpointManifest Write(string directory, CheckpointManifest manifest, TrainingState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(state);
        System.IO.Directory.CreateDirectory(directory);
        string name = $"state-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.bin";
        string statePath = Path.Combine(directory, name);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            state.WriteTo(buffer);
            bytes = buffer.ToArray();
        }

        try
        {
            using (var file = new FileStream(statePath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            manifest = manifest with
            {
                Format = FormatVersion,
                StateFile = name,
                StateBytes = bytes.Length,
                StateSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            };
            AtomicFile.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, JsonOptions) + "\n");
        }
        catch
        {
            TryDelete(statePath);
            throw;
        }

        foreach (string old in System.IO.Directory.EnumerateFiles(directory, "state-*.bin"))
        {
            if (Path.GetFileName(old) != name)
                TryDelete(old);
        }

        return manifest;
    }

    /// <inheritdoc />
    public void Dispose() => State.Dispose();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What a checkpoint holds, in words and numbers: <c>checkpoint.json</c>.</summary>
public sealed record CheckpointManifest
{
    /// <summary>Layout version (<see cref="Checkpoint.FormatVersion"/>).</summary>
    public int Format { get; init; } = Checkpoint.FormatVersion;

    /// <summary>The experiment's name.</summary>
    public required string Experiment { get; init; }

    /// <summary>The resolved configuration the run used (the generated <c>Spec</c> as JSON); a resumed run must have the same.</summary>
    public required JsonElement Spec { get; init; }

    /// <summary>The run's seed.</summary>
    public required int Seed { get; init; }

    /// <summary>libtorch threads the run used; a resumed run uses as many, so that its numbers match bit for bit.</summary>
    public required int Threads { get; init; }

    /// <summary>Where the data came from.</summary>
    public string DataSource { get; init; } = "";

    /// <summary>When the checkpoint was written, UTC.</summary>
    public required DateTimeOffset WrittenUtc { get; init; }

    /// <summary>Why it was written: <c>task finished</c> or <c>stopped</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>Tasks in the run.</summary>
    public required int Tasks { get; init; }

    /// <summary>Tasks trained, consolidated and evaluated (rows of the matrix) before the checkpoint.</summary>
    public required int CompletedTasks { get; init; }

    /// <summary>Where training stopped within task <see cref="CompletedTasks"/>, or null at a task boundary.</summary>
    public CheckpointPosition? Position { get; init; }

    /// <summary>The results so far: matrix rows, learning curves, timings, importance summaries.</summary>
    public required RunProgress Progress { get; init; }

    /// <summary>File name of the state file in the same folder.</summary>
    public string StateFile { get; init; } = "";

    /// <summary>Size of the state file in bytes.</summary>
    public long StateBytes { get; init; }

    /// <summary>SHA-256 of the state file, lower-case hex.</summary>
    public string StateSha256 { get; init; } = "";
}

/// <summary>Where a run stopped within a task.</summary>
/// <param name="Task">0-based task index.</param>
/// <param name="Epoch">0-based epoch under way.</param>
/// <param name="BatchesDone">Batches of that epoch already trained.</param>
/// <param name="Step">Optimizer steps of the task already taken (1-based count).</param>
/// <param name="LossReference">The divergence guard's first-step loss of the task.</param>
public sealed record CheckpointPosition(int Task, int Epoch, int BatchesDone, int Step, double? LossReference);

/// <summary>The bookkeeping of a run so far (<see cref="ContinualRun"/>'s state apart from tensors).</summary>
public sealed record RunProgress
{
    /// <summary>Matrix rows so far.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Rows { get; init; }

    /// <summary>What the matrix holds.</summary>
    public required Metrics.TaskMetric Metric { get; init; }

    /// <summary>Names of the finished tasks.</summary>
    public required IReadOnlyList<string> TaskNames { get; init; }

    /// <summary>Per finished task, the wall time of its phases.</summary>
    public required IReadOnlyList<Experiments.TaskTiming> Timings { get; init; }

    /// <summary>Learning-curve points so far.</summary>
    public required IReadOnlyList<Metrics.CurvePoint> CurvePoints { get; init; }

    /// <summary>Global step at each finished task's end.</summary>
    public required IReadOnlyList<int> TaskEnds { get; init; }

    /// <summary>Significance histograms so far.</summary>
    public required IReadOnlyList<Metrics.SignificanceHistogram> Significance { get; init; }

    /// <summary>Mask reports so far.</summary>
    public IReadOnlyList<Masks.MaskReport> Masks { get; init; } = [];

    /// <summary>Per finished task, per-layer sparsity.</summary>
    public IReadOnlyList<IReadOnlyList<Metrics.LayerSparsity>> Sparsity { get; init; } = [];

    /// <summary>The untrained model's scores.</summary>
    public IReadOnlyList<double>? Baseline { get; init; }

    /// <summary>Seconds the baseline evaluation took.</summary>
    public double BaselineSeconds { get; init; }

    /// <summary>Curve interval in steps (-1: not yet chosen).</summary>
    public int CurveEvery { get; init; }

    /// <summary>Optimizer steps over the whole run so far.</summary>
    public int GlobalStep { get; init; }

    /// <summary>Sum of the losses since the last curve point.</summary>
    public double LossSum { get; init; }

    /// <summary>Number of losses in <see cref="LossSum"/>.</summary>
    public int LossCount { get; init; }

    /// <summary>Epoch of the last step.</summary>
    public int LastEpoch { get; init; }

    /// <summary>Curve-evaluation seconds of the task under way.</summary>
    public double CurveSeconds { get; init; }

    /// <summary>Seconds spent in the task under way before the stop (training and curves).</summary>
    public double TaskSeconds { get; init; }

    /// <summary>When the run first started, UTC.</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>Wall time of the run before this checkpoint, over every process that worked on it.</summary>
    public double ElapsedSeconds { get; init; }
}

/// <summary>A checkpoint that cannot be used: missing, malformed, damaged, or not matching the run.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CheckpointException(string message, Exception inner) : base(message, inner)
    {
    }
}
