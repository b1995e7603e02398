using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engram.Experiments;

namespace Engram.Reporting;

/// <summary>
/// Reads and writes <c>results.json</c>, a serialised <see cref="RunRecord"/>. Written atomically (temporary file,
/// then rename), so a crash never leaves a half-written file.
/// </summary>
public static class ResultsFile
{
    /// <summary>
    /// Version of the JSON layout; raised on any breaking change. 1: matrix, ACC, BWT, timings, machine. 2: adds task
    /// names, the untrained-model baseline, all metrics (FWT, both forgetting measures, seen-task accuracy), learning
    /// curves, significance histograms, curve timings, CPU and memory, package versions; the matrix's metric (accuracy
    /// or MSE), gradient-mask reports and per-layer sparsity.
    /// </summary>
    public const int SchemaVersion = 2;

    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "results.json";

    /// <summary>The serializer settings of the file: camelCase, indented, enums as names, NaN and infinities as names.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// The record of a run, with this machine and the loaded package versions. For a run that stopped early (fewer
    /// matrix rows than tasks) <see cref="RunRecord.Metrics"/> is null: the summary metrics need every row.
    /// </summary>
    public static RunRecord FromResult(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RunRecord
        {
            Experiment = result.Experiment,
            Seed = result.Seed,
            Config = JsonSerializer.SerializeToElement(result.Spec, result.Spec.GetType(), Options),
            DataSource = result.DataSource,
            TaskNames = result.TaskNames,
            Metric = result.Accuracy.Metric,
            AccuracyMatrix = result.Accuracy.ToRows(),
            BaselineAccuracy = result.BaselineAccuracy,
            Metrics = result.Accuracy.CompletedRows == result.Accuracy.Tasks ? result.Metrics : null, // a stopped run has no summary yet
            Timings = result.Timings.Select((t, i) => new TaskTimingRecord(i, t.TrainSeconds, t.ConsolidateSeconds, t.EvaluateSeconds, t.CurveSeconds, t.TotalSeconds)).ToArray(),
            BaselineSeconds = result.BaselineSeconds,
            Curves = result.Curves,
            Significance = result.Significance,
            Masks = result.Masks,
            Sparsity = result.Sparsity,
            TotalSeconds = result.TotalSeconds,
            StartedUtc = result.StartedUtc,
            Machine = new MachineInfo(
                RuntimeInformation.OSDescription,
                RuntimeInformation.ProcessArchitecture.ToString(),
                CpuModel(),
                Environment.ProcessorCount,
                Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
                result.Threads,
                RuntimeInformation.FrameworkDescription),
            Packages = PackageVersions(),
        };
    }

    /// <summary>Writes <paramref name="result"/> to <c>results.json</c> in <paramref name="runFolder"/> (created if missing).</summary>
    /// <returns>The path written.</returns>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static string Write(ExperimentResult result, string runFolder) => Write(FromResult(result), runFolder);

    /// <summary>Writes <paramref name="record"/> to <c>results.json</c> in <paramref name="runFolder"/> (created if missing).</summary>
    /// <returns>The path written.</returns>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static string Write(RunRecord record, string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(record, Options) + "\n");
        return path;
    }

    /// <summary>Reads the record in <paramref name="path"/>: a run folder, or a results.json file.</summary>
    /// <exception cref="ResultsFileException">The file is missing, is not a results file, or has a newer schema.</exception>
    public static RunRecord Read(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
            throw new ResultsFileException(Directory.Exists(path) ? $"{path} has no {FileName}." : $"{path} does not exist.");
        RunRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(file), Options);
        }
        catch (JsonException error)
        {
            throw new ResultsFileException($"{file} is not a valid results file: {error.Message}", error);
        }
        catch (IOException error)
        {
            throw new ResultsFileException($"{file} cannot be read: {error.Message}", error);
        }

        if (record is null)
            throw new ResultsFileException($"{file} is empty (null).");
        if (record.SchemaVersion is < 1 or > SchemaVersion)
            throw new ResultsFileException($"{file} has schema version {record.SchemaVersion}; this Engram reads versions 1 to {SchemaVersion}.");
        if (record.Tasks == 0 || record.AccuracyMatrix.Any(row => row.Count != record.Tasks) || record.AccuracyMatrix.Count != record.Tasks)
            throw new ResultsFileException($"{file} does not hold a complete square accuracy matrix.");
        try
        {
            record.ToMatrix();
        }
        catch (ArgumentException error)
        {
            throw new ResultsFileException($"{file} has an invalid matrix: {error.Message}", error);
        }

        if (record.BaselineAccuracy is { } baseline && baseline.Count != record.Tasks)
            throw new ResultsFileException($"{file} has {Counts.Of(baseline.Count, "baseline accuracy", "baseline accuracies")} for {Counts.Of(record.Tasks, "task")}.");
        return record;
    }

    /// <summary>Informational versions of Engram and the packages behind its numbers and files.</summary>
    public static IReadOnlyDictionary<string, string> PackageVersions()
    {
        var assemblies = new (string Name, Assembly Assembly)[]
        {
            ("Engram", typeof(ResultsFile).Assembly),
            ("TorchSharp", typeof(TorchSharp.torch).Assembly),
            ("ScottPlot", typeof(ScottPlot.Plot).Assembly),
            ("SkiaSharp", typeof(SkiaSharp.SKBitmap).Assembly),
            ("CsvHelper", typeof(CsvHelper.CsvWriter).Assembly),
            ("Google.Protobuf", typeof(Google.Protobuf.MessageParser).Assembly),
        };
        return assemblies.ToDictionary(a => a.Name, a => Version(a.Assembly));
    }

    private static string Version(Assembly assembly)
    {
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }

    private static string? CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                    return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}

/// <summary>A results.json that cannot be used: missing, malformed, or of a newer schema.</summary>
public sealed class ResultsFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResultsFileException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ResultsFileException(string message, Exception inner) : base(message, inner)
    {
    }
}
