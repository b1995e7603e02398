using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Engram.Data;
using Xunit.Abstractions;

namespace Engram.Tests.Data;

/// <summary>
/// Feeds randomly damaged copies of the real embedded MNIST files (the 2,000 test labels and the 2,000 test images,
/// as shipped in gzip and decompressed) through the IDX reader: every copy either reads, with the invariants a caller
/// relies on, or fails with an <see cref="IdxFormatException"/> naming the source. Nothing else may escape, no read may
/// hang, and no read may allocate far beyond the size of its input (a damaged header must not ask for gigabytes).
/// </summary>
public class IdxFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261130;
    private const int LabelCases = 600;
    private const int ImageCases = 600;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Randomly_damaged_copies_of_the_real_files_read_or_fail_with_IdxFormatException_only()
    {
        byte[] labelsGz = File.ReadAllBytes(Path.Combine(MnistDataSet.EmbeddedDirectory, MnistDataSet.TestLabelsFile + ".gz"));
        byte[] imagesGz = File.ReadAllBytes(Path.Combine(MnistDataSet.EmbeddedDirectory, MnistDataSet.TestImagesFile + ".gz"));
        var tally = new Tally();
        string folder = Path.Combine(Path.GetTempPath(), "engram-idx-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // On its own thread, so that a read that never returns fails the test instead of stalling the run.
            var fuzz = Task.Run(() =>
            {
                var random = new Random(Seed);
                Fuzz(random, labelsGz, Gunzip(labelsGz), LabelCases, isImages: false, folder, tally);
                Fuzz(random, imagesGz, Gunzip(imagesGz), ImageCases, isImages: true, folder, tally);
            });
            Task first = await Task.WhenAny(fuzz, Task.Delay(Budget));
            Assert.True(first == fuzz, $"the fuzz run did not finish in {Budget.TotalSeconds} s; last case: {tally.Current}");
            await fuzz; // rethrows a failed assertion or an escaped exception
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        output.WriteLine(tally.Summary());
        Assert.True(tally.Total >= 1000, $"only {tally.Total} cases");
        // The damage reaches every check of the reader, not only the gzip CRC.
        IdxProblem[] expected =
        [
            IdxProblem.CorruptGzip, IdxProblem.TruncatedHeader, IdxProblem.BadMagic, IdxProblem.WrongDimensionCount,
            IdxProblem.InvalidDimension, IdxProblem.TruncatedPayload, IdxProblem.TrailingData, IdxProblem.LabelOutOfRange,
        ];
        foreach (IdxProblem problem in expected)
            Assert.True(tally.Count(problem.ToString()) > 0, $"no case ended in {problem}: {tally.Summary()}");
        Assert.True(tally.Count("read") > 0, tally.Summary());
        Assert.True(tally.SlowestSeconds < 5, $"slowest case took {tally.SlowestSeconds:0.00} s");
    }

    private static void Fuzz(Random random, byte[] gz, byte[] raw, int cases, bool isImages, string folder, Tally tally)
    {
        for (int i = 0; i < cases; i++)
        {
            // Damage the compressed file (mostly caught by deflate and the CRC), the decompressed file, or the
            // decompressed file and compress it again (a valid gzip stream around a damaged IDX file).
            int form = random.Next(3);
            string operation;
            byte[] damaged;
            if (form == 0)
            {
                (damaged, operation) = Damage(random, gz);
                operation = "gz:" + operation;
            }
            else
            {
                (damaged, operation) = Damage(random, raw);
                if (form == 2 && (!isImages || random.Next(4) == 0)) // compressing 1.5 MB costs time: a quarter of the image cases
                {
                    damaged = Gzip(damaged);
                    operation = "raw+gz:" + operation;
                }
                else
                {
                    operation = "raw:" + operation;
                }
            }

            // Read as the kind it is, and now and then as the other kind (a label file given for images).
            bool asImages = random.Next(10) == 0 ? !isImages : isImages;
            string source = $"case{tally.Total}-{(isImages ? "images" : "labels")}-{operation}";
            tally.Current = source;
            Read(random, damaged, asImages, source, folder, tally);
        }
    }

    private static void Read(Random random, byte[] bytes, bool asImages, string source, string folder, Tally tally)
    {
        // Mostly from memory (seekable), some through a non-seekable stream, some through a real file.
        int via = random.Next(20);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        string name = source;
        try
        {
            if (via == 0)
            {
                name = Path.Combine(folder, "fuzz-" + source.Replace(':', '_'));
                File.WriteAllBytes(name, bytes);
                Check(asImages ? IdxReader.ReadImages(name) : null, asImages ? null : IdxReader.ReadLabels(name, classes: 10));
                File.Delete(name);
            }
            else
            {
                using Stream stream = via <= 4 ? new ForwardOnlyStream(bytes) : new MemoryStream(bytes, writable: false);
                Check(asImages ? IdxReader.ReadImages(stream, name) : null, asImages ? null : IdxReader.ReadLabels(stream, name, classes: 10));
            }

            tally.Add("read");
        }
        catch (IdxFormatException error)
        {
            Assert.Equal(name, error.FilePath);
            Assert.Equal(name + ": " + error.Problem, error.Message);
            Assert.False(string.IsNullOrWhiteSpace(error.Problem));
            tally.Add(error.Kind.ToString());
            if (via == 0)
                File.Delete(name);
        }

        tally.Slowest(Stopwatch.GetElapsedTime(started).TotalSeconds);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        // Twice the decompressed size of the largest file plus the reader's 4 MiB starting buffer, with room to spare.
        Assert.True(allocated < 64L << 20, $"{source}: allocated {allocated} bytes for a {bytes.Length}-byte input");
    }

    private static void Check(IdxImages? images, byte[]? labels)
    {
        if (images is not null)
            Assert.Equal((long)images.Count * images.Rows * images.Columns, images.Pixels.LongLength);
        if (labels is not null)
            Assert.All(labels, label => Assert.InRange(label, 0, 9));
    }

    private static (byte[] Bytes, string Operation) Damage(Random random, byte[] original)
    {
        byte[] b = (byte[])original.Clone();
        switch (random.Next(9))
        {
            case 0:
            {
                int bits = random.Next(1, 9);
                for (int k = 0; k < bits; k++)
                    b[random.Next(b.Length)] ^= (byte)(1 << random.Next(8));
                return (b, $"flip{bits}bits");
            }

            case 1:
            {
                int count = random.Next(1, 17);
                for (int k = 0; k < count; k++)
                    b[random.Next(b.Length)] = (byte)random.Next(256);
                return (b, $"overwrite{count}bytes");
            }

            case 2:
            {
                // Cuts cluster near the start (the header) and the end (the gzip trailer) as well as anywhere.
                int at = random.Next(3) switch
                {
                    0 => random.Next(Math.Min(b.Length, 24)),
                    1 => b.Length - 1 - random.Next(Math.Min(b.Length, 24)),
                    _ => random.Next(b.Length),
                };
                return (b[..at], $"cut{at}");
            }

            case 3:
            {
                int count = random.Next(1, 65);
                byte[] tail = new byte[count];
                random.NextBytes(tail);
                return ([.. b, .. tail], $"append{count}");
            }

            case 4:
            {
                int at = random.Next(b.Length + 1);
                byte[] inserted = new byte[random.Next(1, 33)];
                random.NextBytes(inserted);
                return ([.. b[..at], .. inserted, .. b[at..]], $"insert{inserted.Length}at{at}");
            }

            case 5:
            {
                int at = random.Next(b.Length);
                int count = random.Next(1, Math.Min(4096, b.Length - at) + 1);
                return ([.. b[..at], .. b[(at + count)..]], $"delete{count}at{at}");
            }

            case 6:
            {
                int at = random.Next(b.Length);
                int count = random.Next(1, Math.Min(4096, b.Length - at) + 1);
                return ([.. b[..(at + count)], .. b[at..]], $"duplicate{count}at{at}");
            }

            case 7:
            {
                // A header word (magic or a size) replaced by a value chosen to hit the reader's edges.
                int words = b.Length >= 16 && b[3] == 3 ? 4 : 2;
                int word = random.Next(words);
                if (b.Length < 4 * word + 4)
                    return (b, "header-too-short");
                uint current = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(4 * word));
                uint[] edges = [0, 1, current - 1, current + 1, current * 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x00000802, 0x00000803, 0x00000801, 0x00000C03, (uint)random.Next()];
                uint value = edges[random.Next(edges.Length)];
                BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4 * word), value);
                return (b, $"header{word}={value}");
            }

            default:
            {
                // Labels outside 0..9 (or pixel noise in an image file, which must still read).
                int count = random.Next(1, 5);
                int start = b.Length >= 16 && b[3] == 3 ? 16 : 8;
                if (b.Length <= start)
                    return (b, "payload-empty");
                for (int k = 0; k < count; k++)
                    b[start + random.Next(b.Length - start)] = (byte)random.Next(10, 256);
                return (b, $"payload{count}");
            }
        }
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var result = new MemoryStream();
        input.CopyTo(result);
        return result.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var result = new MemoryStream();
        using (var gzip = new GZipStream(result, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return result.ToArray();
    }

    /// <summary>A stream that cannot seek, as a pipe or a network response.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }

    private sealed class Tally
    {
        private readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);

        public int Total { get; private set; }

        public string Current { get; set; } = "";

        public double SlowestSeconds { get; private set; }

        public void Add(string outcome)
        {
            counts[outcome] = Count(outcome) + 1;
            Total++;
        }

        public int Count(string outcome) => counts.GetValueOrDefault(outcome);

        public void Slowest(double seconds) => SlowestSeconds = Math.Max(SlowestSeconds, seconds);

        public string Summary() =>
            $"{Total} damaged copies: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")) + $"; slowest {SlowestSeconds:0.000} s";
    }
}
