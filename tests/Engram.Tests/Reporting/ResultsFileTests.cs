using System.Text.Json;
using Engram.Reporting;

namespace Engram.Tests.Reporting;

public class ResultsFileTests
{
    [Fact]
    public void A_record_round_trips_through_results_json()
    {
        RunRecord record = SampleRecords.ThreeTasks();
        string folder = SampleRecords.NewFolder();

        string path = ResultsFile.Write(record, folder);
        RunRecord back = ResultsFile.Read(folder);

        Assert.Equal(Path.Combine(folder, "results.json"), path);
        Assert.Equal(ResultsFile.SchemaVersion, back.SchemaVersion);
        Assert.Equal(record.Experiment, back.Experiment);
        Assert.Equal(record.AccuracyMatrix, back.AccuracyMatrix);
        Assert.Equal(record.BaselineAccuracy, back.BaselineAccuracy);
        Assert.Equal(record.TaskNames, back.TaskNames);
        Assert.Equal(record.Curves.Every, back.Curves.Every);
        Assert.Equal(record.Curves.TaskEnds, back.Curves.TaskEnds);
        Assert.Equal(record.Curves.Points.Select(p => (p.Step, p.Task, p.Epoch, p.TrainLoss, p.Boundary)), back.Curves.Points.Select(p => (p.Step, p.Task, p.Epoch, p.TrainLoss, p.Boundary)));
        Assert.Equal(record.Curves.Points.Select(p => p.Accuracy), back.Curves.Points.Select(p => p.Accuracy));
        Assert.Equal(record.Significance[0].Parameters.Select(p => p.Counts), back.Significance[0].Parameters.Select(p => p.Counts));
        Assert.True(JsonElement.DeepEquals(record.Config, back.Config));
        Assert.Equal(record.Machine, back.Machine);
        Assert.Equal(record.Packages, back.Packages);
        Assert.Equal(record.ComputeMetrics().Acc, back.Metrics!.Acc);
        Assert.Equal(["results.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void The_file_states_its_schema_version_and_names_the_metrics()
    {
        string folder = SampleRecords.NewFolder();
        ResultsFile.Write(SampleRecords.ThreeTasks(), folder);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
        Assert.Equal(2, json.RootElement.GetProperty("schemaVersion").GetInt32());
        JsonElement metrics = json.RootElement.GetProperty("metrics");
        foreach (string name in new[] { "acc", "bwt", "fwt", "chaudhryForgetting", "avalancheForgetting", "seenAccuracy" })
            Assert.True(metrics.TryGetProperty(name, out _), name);
        Assert.False(json.RootElement.TryGetProperty("tasks", out _));
    }

    [Fact]
    public void A_version_1_file_still_reads()
    {
        string folder = SampleRecords.NewFolder();
        File.WriteAllText(Path.Combine(folder, "results.json"), """
            {
              "schemaVersion": 1,
              "experiment": "Old",
              "seed": 1,
              "config": { "seed": 1, "tasks": 2 },
              "dataSource": "/data",
              "accuracyMatrix": [ [ 0.9, 0.1 ], [ 0.6, 0.9 ] ],
              "metrics": { "acc": 0.75, "bwt": -0.3 },
              "timings": [ { "task": 0, "trainSeconds": 1, "consolidateSeconds": 0, "evaluateSeconds": 0.1 } ],
              "totalSeconds": 2.5,
              "startedUtc": "2026-01-02T03:04:05+00:00",
              "machine": { "os": "Linux", "architecture": "X64", "processorCount": 2, "threads": 2, "dotnet": ".NET 10", "torchSharp": "0.107.0.0", "engram": "1.0.0.0" }
            }
            """);

        RunRecord record = ResultsFile.Read(folder);

        Assert.Equal(1, record.SchemaVersion);
        Assert.Null(record.BaselineAccuracy);
        Assert.Empty(record.Curves.Points);
        Assert.Equal(0.75, record.ComputeMetrics().Acc, 12);
        Assert.Null(record.ComputeMetrics().Fwt);
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 99, "experiment": "X", "seed": 1, "config": {}, "accuracyMatrix": [[0.5]] }""", "schema version 99")]
    [InlineData("""{ "schemaVersion": 2, "experiment": "X", "seed": 1, "config": {}, "accuracyMatrix": [[0.5, 0.5]] }""", "square")]
    [InlineData("""{ "schemaVersion": 2, "experiment": "X" """, "not a valid results file")]
    [InlineData("""{ "schemaVersion": 2, "seed": 1, "config": {}, "accuracyMatrix": [[0.5]] }""", "not a valid results file")]
    public void An_unusable_file_is_refused_with_a_reason(string json, string reason)
    {
        string folder = SampleRecords.NewFolder();
        File.WriteAllText(Path.Combine(folder, "results.json"), json);

        var error = Assert.Throws<ResultsFileException>(() => ResultsFile.Read(folder));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_results_is_refused()
    {
        string folder = SampleRecords.NewFolder();
        var error = Assert.Throws<ResultsFileException>(() => ResultsFile.Read(folder));
        Assert.Contains("has no results.json", error.Message, StringComparison.Ordinal);
        Assert.Throws<ResultsFileException>(() => ResultsFile.Read(Path.Combine(folder, "missing")));
    }

    [Fact]
    public void Package_versions_name_the_libraries_behind_the_numbers_and_files()
    {
        IReadOnlyDictionary<string, string> versions = ResultsFile.PackageVersions();
        Assert.StartsWith("0.107.0", versions["TorchSharp"], StringComparison.Ordinal);
        Assert.StartsWith("5.1.59", versions["ScottPlot"], StringComparison.Ordinal);
        Assert.StartsWith("3.119.0", versions["SkiaSharp"], StringComparison.Ordinal);
        Assert.True(versions.ContainsKey("Engram"));
        Assert.True(versions.ContainsKey("CsvHelper"));
    }
}
