using System.Buffers.Binary;
using Engram.Reporting;

namespace Engram.Tests.Reporting;

public class TensorBoardLogTests
{
    [Fact]
    public void The_event_file_holds_curves_metrics_config_histograms_and_figures_in_tfrecord_framing()
    {
        RunRecord record = SampleRecords.ThreeTasks();
        string folder = SampleRecords.NewFolder();
        File.WriteAllBytes(Path.Combine(folder, Plots.AccuracyMatrixFileName), Plots.AccuracyMatrix(record));

        string written = TensorBoardLog.Write(record, folder);

        Assert.Equal(Path.Combine(folder, "tensorboard"), written);
        string file = Assert.Single(Directory.GetFiles(written));
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file), StringComparison.Ordinal);
        List<Tensorboard.Event> events = ReadEvents(File.ReadAllBytes(file));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        string[] tags = events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value).Select(v => v.Tag).Distinct().ToArray();
        foreach (string tag in new[] { "accuracy/task_0", "accuracy/task_2", "loss/train", "after_task/task_1", "after_task/seen_accuracy", "metrics/acc", "metrics/fwt", "metrics/forgetting_chaudhry", "significance/layers.0", "figures/accuracy-matrix" })
            Assert.Contains(tag, tags);
        Assert.Contains(tags, t => t.StartsWith("config", StringComparison.Ordinal));
        Tensorboard.Event acc = events.Single(e => e.Summary?.Value.Any(v => v.Tag == "metrics/acc") == true);
        Assert.Equal(0.756667f, acc.Summary.Value[0].SimpleValue, 5);
        Assert.Equal(2, acc.Step);
        Assert.Equal(record.StartedUtc.ToUnixTimeSeconds(), acc.WallTime, 0);
        // Rewriting replaces the folder instead of adding a second event file.
        TensorBoardLog.Write(record, folder);
        Assert.Single(Directory.GetFiles(written));
    }

    /// <summary>TFRecord framing: uint64 length, uint32 masked CRC of the length, the bytes, uint32 masked CRC of the bytes.</summary>
    private static List<Tensorboard.Event> ReadEvents(byte[] bytes)
    {
        var events = new List<Tensorboard.Event>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset));
            events.Add(Tensorboard.Event.Parser.ParseFrom(bytes, offset + 12, (int)length));
            offset += 12 + (int)length + 4;
        }

        Assert.Equal(bytes.Length, offset);
        return events;
    }
}
