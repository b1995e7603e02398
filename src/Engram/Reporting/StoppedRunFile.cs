using System.Text.Json;
using Engram.Experiments;

namespace Engram.Reporting;

/// <summary>
/// <c>partial-results.json</c>: what a run that stopped before its last task (diverged, interrupted) had finished, and
/// why it stopped. Written atomically next to the run's checkpoint; a resumed run that completes replaces it with
/// <c>results.json</c>.
/// </summary>
public static class StoppedRunFile
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "partial-results.json";

    /// <summary>Writes <paramref name="stop"/> and the finished rows of <paramref name="partial"/> into <paramref name="runFolder"/>.</summary>
    /// <returns>The path written.</returns>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static string Write(ExperimentResult? partial, StopRecord stop, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(stop);
        var file = new StoppedRun(stop, partial is null ? null : ResultsFile.FromResult(partial));
        string path = Path.Combine(runFolder, FileName);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(file, ResultsFile.Options) + "\n");
        return path;
    }

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="ResultsFileException">Missing or malformed.</exception>
    public static StoppedRun Read(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        try
        {
            return JsonSerializer.Deserialize<StoppedRun>(File.ReadAllText(path), ResultsFile.Options)
                   ?? throw new ResultsFileException($"{path} is empty (null).");
        }
        catch (JsonException error)
        {
            throw new ResultsFileException($"{path} is not a valid {FileName}: {error.Message}", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ResultsFileException($"{path} cannot be read: {error.Message}", error);
        }
    }
}

/// <summary>Why and where a run stopped.</summary>
/// <param name="Status"><c>diverged</c> or <c>interrupted</c>.</param>
/// <param name="Message">The full explanation (task, epoch, step, cause, what was kept).</param>
/// <param name="Task">0-based task that was being trained.</param>
/// <param name="Epoch">0-based epoch within it.</param>
/// <param name="Step">1-based step within it.</param>
/// <param name="CompletedTasks">Tasks finished (rows of the matrix).</param>
/// <param name="Checkpoint">The checkpoint folder to resume from, or null.</param>
/// <param name="Resume">The command that resumes the run, or null.</param>
public sealed record StopRecord(string Status, string Message, int Task, int Epoch, int Step, int CompletedTasks, string? Checkpoint, string? Resume);

/// <summary>The content of <c>partial-results.json</c>.</summary>
/// <param name="Stop">Why and where the run stopped.</param>
/// <param name="Results">The finished tasks' results (matrix rows, curves, timings; no summary metrics), or null when no task had started.</param>
public sealed record StoppedRun(StopRecord Stop, RunRecord? Results);
