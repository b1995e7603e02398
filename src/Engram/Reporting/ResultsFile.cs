using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engram.Experiments;

namespace Engram.Reporting;

/// <summary>
/// Writes <c>results.json</c>: schema version, the resolved configuration, seed, data source, the accuracy matrix,
/// ACC and BWT, per-task timings and the machine. Written atomically (temporary file, then rename), so a crash never
/// leaves a half-written file.
/// </summary>
public static class ResultsFile
{
    /// <summary>Version of the JSON layout; raised on any breaking change.</summary>
    public const int SchemaVersion = 1;

    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "results.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="result"/> to <c>results.json</c> in <paramref name="runFolder"/> (created if missing).</summary>
    /// <returns>The path written.</returns>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static string Write(ExperimentResult result, string runFolder)
    {
        Directory.CreateDirectory(runFolder);
        var document = new
        {
            SchemaVersion,
            result.Experiment,
            result.Seed,
            Config = result.Spec,
            result.DataSource,
            AccuracyMatrix = result.Accuracy.ToRows(),
            Metrics = new { result.Acc, result.Bwt },
            Timings = result.Timings.Select((t, i) => new { Task = i, t.TrainSeconds, t.ConsolidateSeconds, t.EvaluateSeconds }),
            result.TotalSeconds,
            result.StartedUtc,
            Machine = new
            {
                Os = RuntimeInformation.OSDescription,
                Architecture = RuntimeInformation.OSArchitecture.ToString(),
                Environment.ProcessorCount,
                result.Threads,
                Dotnet = RuntimeInformation.FrameworkDescription,
                TorchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
                Engram = typeof(ResultsFile).Assembly.GetName().Version?.ToString(),
            },
        };

        string path = Path.Combine(runFolder, FileName);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document, Options));
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
