using System.Buffers.Binary;
using System.IO.Compression;

namespace Engram.Data;

/// <summary>
/// Reads IDX files, the format of the MNIST and Fashion-MNIST distributions (LeCun et al.,
/// http://yann.lecun.com/exdb/mnist/): a big-endian header (magic number <c>00 00 08 D</c> = unsigned bytes with D
/// dimensions, then D 32-bit big-endian sizes) followed by the product of the sizes in bytes.
/// </summary>
/// <remarks>
/// <para>Files may be raw or gzip-compressed; gzip is recognised by its first two bytes (0x1f 0x8b), never by the file
/// name, so <c>x.gz</c> holding raw IDX and <c>x</c> holding gzip both read.</para>
/// <para>The reader is strict: the payload must be exactly count × rows × columns bytes (for labels: count bytes).
/// A shorter file is <see cref="IdxProblem.TruncatedPayload"/>; bytes after the payload are
/// <see cref="IdxProblem.TrailingData"/>, because the standard files have none and extra bytes mean a damaged or
/// mis-assembled file.</para>
/// <para>A corrupt header cannot make the reader allocate an absurd buffer: for a raw file the declared payload is
/// checked against the file length before allocating; for a gzip file the buffer grows with the bytes actually
/// decompressed (at most twice what the stream holds, and never beyond what the header declares).</para>
/// <para>A gzip file's CRC-32 is checked when its trailer is present. .NET's GZipStream treats a stream that stops
/// early as its end, so a cut-off gzip file shows as <see cref="IdxProblem.TruncatedPayload"/>; one cut only inside its
/// 8-byte trailer still holds the complete payload and reads.</para>
/// <para>Every reading problem is reported as an <see cref="IdxFormatException"/> naming the file; nothing else
/// escapes (a fuzz test feeds thousands of randomly damaged copies of the embedded files through the reader). Streams
/// read the same way as files (<see cref="ReadImages(Stream, string)"/>); a non-seekable raw stream is read with the
/// growing buffer of the gzip case.</para>
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes (0x08), 3 dimensions (count, rows, columns); 2051.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes (0x08), 1 dimension (count); 2049.</summary>
    public const int LabelsMagic = 0x00000801;

    private const byte UnsignedByteType = 0x08;
    private const int InitialGzipBuffer = 4 << 20;

    /// <summary>Reads an IDX image file (magic 2051, dimensions count, rows, columns), raw or gzip-compressed.</summary>
    /// <param name="path">Path of the file.</param>
    /// <returns>The images; <see cref="IdxImages.Pixels"/> holds exactly count × rows × columns bytes, values 0..255.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IdxFormatException">
    /// The file is missing or unreadable, its gzip stream is corrupt, its header is truncated, its magic number or
    /// dimension count is wrong, a size is invalid (rows or columns 0), or its payload is truncated or followed by
    /// extra bytes.
    /// </exception>
    public static IdxImages ReadImages(string path)
    {
        (int[] sizes, byte[] payload) = Read(path, dimensions: 3, kind: "image");
        return new IdxImages(sizes[0], sizes[1], sizes[2], payload);
    }

    /// <summary>Reads an IDX label file (magic 2049, one dimension: count), raw or gzip-compressed.</summary>
    /// <param name="path">Path of the file.</param>
    /// <returns>One byte per item, values 0..255 as stored (no range check; see <see cref="ReadLabels(string, int)"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IdxFormatException">
    /// The file is missing or unreadable, its gzip stream is corrupt, its header is truncated, its magic number or
    /// dimension count is wrong, or its payload is truncated or followed by extra bytes.
    /// </exception>
    public static byte[] ReadLabels(string path) => Read(path, dimensions: 1, kind: "label").Payload;

    /// <summary>Reads an IDX label file as <see cref="ReadLabels(string)"/> does and checks every label is a class index.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="classes">Number of classes, 1..256; every label must be in 0..classes-1.</param>
    /// <returns>One byte per item, each in 0..<paramref name="classes"/>-1.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is outside 1..256.</exception>
    /// <exception cref="IdxFormatException">
    /// Any problem <see cref="ReadLabels(string)"/> reports, or a label outside 0..classes-1
    /// (<see cref="IdxProblem.LabelOutOfRange"/>, naming the first such label and its index).
    /// </exception>
    public static byte[] ReadLabels(string path, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 256);
        return CheckClasses(ReadLabels(path), path, classes);
    }

    /// <summary>
    /// Reads IDX images from <paramref name="stream"/> (raw or gzip, recognised by content), as
    /// <see cref="ReadImages(string)"/> reads a file; problems are reported against <paramref name="source"/>.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the IDX data; it is read to its end and not disposed.</param>
    /// <param name="source">What the stream holds, for messages (a file name or URL); becomes <see cref="IdxFormatException.FilePath"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is null or empty, or <paramref name="stream"/> cannot be read.</exception>
    /// <exception cref="IdxFormatException">Any problem <see cref="ReadImages(string)"/> reports, except the file-system ones.</exception>
    public static IdxImages ReadImages(Stream stream, string source)
    {
        (int[] sizes, byte[] payload) = ReadStream(stream, source, dimensions: 3, kind: "image");
        return new IdxImages(sizes[0], sizes[1], sizes[2], payload);
    }

    /// <summary>
    /// Reads IDX labels from <paramref name="stream"/> (raw or gzip), as <see cref="ReadLabels(string)"/> reads a file;
    /// problems are reported against <paramref name="source"/>.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the IDX data; it is read to its end and not disposed.</param>
    /// <param name="source">What the stream holds, for messages; becomes <see cref="IdxFormatException.FilePath"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is null or empty, or <paramref name="stream"/> cannot be read.</exception>
    /// <exception cref="IdxFormatException">Any problem <see cref="ReadLabels(string)"/> reports, except the file-system ones.</exception>
    public static byte[] ReadLabels(Stream stream, string source) => ReadStream(stream, source, dimensions: 1, kind: "label").Payload;

    /// <summary>As <see cref="ReadLabels(Stream, string)"/>, checking every label is in 0..<paramref name="classes"/>-1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is outside 1..256.</exception>
    /// <exception cref="IdxFormatException">Any problem <see cref="ReadLabels(string, int)"/> reports, except the file-system ones.</exception>
    public static byte[] ReadLabels(Stream stream, string source, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 256);
        return CheckClasses(ReadLabels(stream, source), source, classes);
    }

    private static byte[] CheckClasses(byte[] labels, string source, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
                throw new IdxFormatException(source, IdxProblem.LabelOutOfRange,
                    $"label {labels[i]} at index {i} is outside 0..{classes - 1}");
        }

        return labels;
    }

    private static (int[] Sizes, byte[] Payload) Read(string path, int dimensions, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new IdxFormatException(path, IdxProblem.Unreadable, $"is a directory, not an IDX {kind} file");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (FileNotFoundException e)
        {
            throw new IdxFormatException(path, IdxProblem.FileNotFound, $"file not found (expected an IDX {kind} file)", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new IdxFormatException(path, IdxProblem.FileNotFound,
                $"file not found: directory {Path.GetDirectoryName(Path.GetFullPath(path))} does not exist", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IdxFormatException(path, IdxProblem.Unreadable, $"cannot be read: permission denied ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new IdxFormatException(path, IdxProblem.Unreadable, $"cannot be read: {e.Message}", e);
        }

        using (file)
            return ReadStream(file, path, dimensions, kind);
    }

    private static (int[] Sizes, byte[] Payload) ReadStream(Stream stream, string source, int dimensions, string kind)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (!stream.CanRead)
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        try
        {
            byte[] signature = new byte[2];
            int got = ReadFully(stream, signature);
            bool gzip = got == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
            long? payloadLimit = null;
            Stream input;
            if (stream.CanSeek)
            {
                stream.Seek(-got, SeekOrigin.Current);
                payloadLimit = stream.Length - stream.Position; // raw: the declared payload is checked before allocating
                input = stream;
            }
            else
            {
                input = new PrefixedStream(signature.AsSpan(0, got).ToArray(), stream);
            }

            if (!gzip)
                return ReadIdx(input, source, dimensions, kind, payloadLimit, "data");
            using var inflated = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
            return ReadIdx(inflated, source, dimensions, kind, payloadLimit: null, "decompressed data");
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(source, IdxProblem.CorruptGzip, $"corrupt gzip data: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IdxFormatException(source, IdxProblem.Unreadable, $"cannot be read: permission denied ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new IdxFormatException(source, IdxProblem.Unreadable, $"cannot be read: {e.Message}", e);
        }
    }

    // stream: positioned at the first byte of the IDX header (decompressed if the file is gzip).
    // payloadLimit: for a raw seekable stream the bytes left in it, so that the declared payload is checked before
    // allocating; null: the buffer grows with the bytes that actually arrive. data: how messages name what was read.
    private static (int[] Sizes, byte[] Payload) ReadIdx(Stream stream, string path, int dimensions, string kind, long? payloadLimit, string data)
    {
        int headerLength = 4 + 4 * dimensions;
        int expectedMagic = 0x0800 | dimensions;
        string layout = dimensions == 3 ? "count, rows, columns" : "count";
        Span<byte> header = stackalloc byte[headerLength];

        int got = ReadFully(stream, header[..4]);
        if (got < 4)
            throw new IdxFormatException(path, IdxProblem.TruncatedHeader,
                $"truncated header: the data ends after {got} byte(s), before the 4-byte magic number " +
                $"(an IDX {kind} header is {headerLength} bytes)");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByteType)
            throw new IdxFormatException(path, IdxProblem.BadMagic,
                $"bad magic number 0x{magic:X8} ({magic}); an IDX {kind} file starts with 0x{expectedMagic:X8} ({expectedMagic}: " +
                $"unsigned bytes, {dimensions} dimension(s))");
        if (header[3] != dimensions)
            throw new IdxFormatException(path, IdxProblem.WrongDimensionCount,
                $"wrong number of dimensions: the magic number 0x{magic:X8} ({magic}) declares {header[3]}, an IDX {kind} file " +
                $"has {dimensions} ({layout}; magic 0x{expectedMagic:X8} = {expectedMagic})");

        got = ReadFully(stream, header[4..]);
        if (got < headerLength - 4)
            throw new IdxFormatException(path, IdxProblem.TruncatedHeader,
                $"truncated header: the data ends {4 + got} byte(s) in, the {dimensions} dimension size(s) ({layout}) " +
                $"need {headerLength} bytes");

        var raw = new uint[dimensions];
        for (int d = 0; d < dimensions; d++)
            raw[d] = BinaryPrimitives.ReadUInt32BigEndian(header[(4 + 4 * d)..]);
        string[] names = layout.Split(", ");
        var sizes = new int[dimensions];
        UInt128 product = 1;
        for (int d = 0; d < dimensions; d++)
        {
            if (raw[d] > int.MaxValue)
                throw new IdxFormatException(path, IdxProblem.InvalidDimension,
                    $"invalid dimension: {names[d]} is {raw[d]}, larger than {int.MaxValue}");
            if (raw[d] == 0 && d > 0)
                throw new IdxFormatException(path, IdxProblem.InvalidDimension,
                    $"invalid dimension: {names[d]} is 0; images need at least one row and one column");
            sizes[d] = (int)raw[d];
            product *= raw[d];
        }
        if (product > (UInt128)Array.MaxLength)
            throw new IdxFormatException(path, IdxProblem.InvalidDimension,
                $"invalid dimension: the header declares {string.Join(" x ", raw)} = {product} payload bytes, more than " +
                $"an array can hold ({Array.MaxLength})");
        long payloadLength = (long)product;

        string declared = dimensions == 3
            ? $"{Counts.Of(payloadLength, "payload byte")} ({Counts.Of(sizes[0], "image")} x {sizes[1]} x {sizes[2]})"
            : $"{Counts.Of(payloadLength, "payload byte")} ({Counts.Of(sizes[0], "label")})";

        byte[] payload;
        if (payloadLimit is long fileLength)
        {
            long available = fileLength - headerLength;
            if (available < payloadLength)
                throw new IdxFormatException(path, IdxProblem.TruncatedPayload,
                    $"truncated payload: the header declares {declared}, the file has {available} after the {headerLength}-byte header");
            if (available > payloadLength)
                throw new IdxFormatException(path, IdxProblem.TrailingData,
                    $"{available - payloadLength} unexpected byte(s) after the payload: the header declares {declared}, " +
                    $"the file has {available} after the {headerLength}-byte header");
            payload = new byte[payloadLength];
            int read = ReadFully(stream, payload);
            if (read < payloadLength) // the file shrank while being read
                throw new IdxFormatException(path, IdxProblem.TruncatedPayload,
                    $"truncated payload: the header declares {declared}, only {read} could be read");
        }
        else
        {
            payload = ReadBounded(stream, (int)payloadLength, out int read);
            if (read < payloadLength)
                throw new IdxFormatException(path, IdxProblem.TruncatedPayload,
                    $"truncated payload: the header declares {declared}, the {data} has {read} after the " +
                    $"{headerLength}-byte header");
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) > 0) // also makes the gzip stream check its CRC-32 and length trailer
            {
                long extra = 1;
                var sink = new byte[81920];
                for (int n; (n = stream.Read(sink)) > 0;)
                    extra += n;
                throw new IdxFormatException(path, IdxProblem.TrailingData,
                    $"{extra} unexpected byte(s) after the payload: the header declares {declared}");
            }
        }
        return (sizes, payload);
    }

    /// <summary>Reads up to <paramref name="length"/> bytes, growing the buffer only as data arrives.</summary>
    private static byte[] ReadBounded(Stream stream, int length, out int read)
    {
        var buffer = new byte[Math.Min(length, InitialGzipBuffer)];
        read = 0;
        while (read < length)
        {
            if (read == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
                break;
            read += n;
        }
        return buffer;
    }

    private static int ReadFully(Stream stream, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = stream.Read(destination[total..]);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    /// <summary>A non-seekable stream with the bytes already read from it put back in front.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<byte> buffer)
        {
            if (offset < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - offset);
                prefix.AsSpan(offset, n).CopyTo(buffer);
                offset += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long position, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int index, int count) => throw new NotSupportedException();
    }
}
