using Engram.Experiments;

namespace Engram.Reporting;

/// <summary>
/// Writes a whole run folder: <c>results.json</c>, <c>metrics.csv</c>, <c>curves.csv</c>, the PNG figures,
/// <c>report.md</c> and <c>tensorboard/</c>. Each file is written atomically; results.json comes first, so that if a
/// later step fails the run's numbers are safe and <see cref="Render"/> can redraw the rest from them.
/// </summary>
public static class RunReport
{
    /// <summary>Writes every output of a finished run into <paramref name="runFolder"/>; returns the paths written.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static IReadOnlyList<string> Write(ExperimentResult result, string runFolder)
    {
        RunRecord record = ResultsFile.FromResult(result);
        string results = ResultsFile.Write(record, runFolder);
        return [results, .. Render(record, runFolder)];
    }

    /// <summary>
    /// Writes every output but results.json from <paramref name="record"/> into <paramref name="runFolder"/> (what
    /// <c>report &lt;run folder&gt;</c> does); returns the paths written.
    /// </summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static IReadOnlyList<string> Render(RunRecord record, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(record);
        var written = new List<string>();
        written.AddRange(CsvFiles.WriteAll(record, runFolder));
        written.AddRange(Plots.WriteAll(record, runFolder));
        written.Add(MarkdownReport.Write(record, runFolder));
        written.Add(TensorBoardLog.Write(record, runFolder));
        return written;
    }
}
