using Engram.Data;

namespace Engram.Tests.Data;

public class IdxReaderTests : IDisposable
{
    private readonly IdxFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static IdxFormatException AssertProblem(IdxProblem kind, string path, Action read, params string[] phrases)
    {
        var error = Assert.Throws<IdxFormatException>(read);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Equal(path + ": " + error.Problem, error.Message);
        foreach (string phrase in phrases)
            Assert.Contains(phrase, error.Problem);
        return error;
    }

    [Theory]
    [InlineData("images", false)]
    [InlineData("images.gz", true)]
    [InlineData("images-gzip-without-extension", true)]
    [InlineData("raw-despite-extension.gz", false)]
    public void Images_round_trip_raw_or_gzip_detected_by_content_not_name(string name, bool gzip)
    {
        byte[] idx = IdxFiles.Images(3, 2, 4);
        string path = _files.Write(name, gzip ? IdxFiles.Gzip(idx) : idx);

        IdxImages images = IdxReader.ReadImages(path);

        Assert.Equal(3, images.Count);
        Assert.Equal(2, images.Rows);
        Assert.Equal(4, images.Columns);
        Assert.Equal(8, images.PixelsPerImage);
        Assert.Equal(idx[16..], images.Pixels);
        // pixel i is i * 7 mod 256: image 2 starts at pixel 16.
        Assert.Equal(new byte[] { 112, 119, 126, 133, 140, 147, 154, 161 }, images.Image(2).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_round_trip_raw_or_gzip(bool gzip)
    {
        byte[] idx = IdxFiles.Labels(3, 1, 4, 1, 5, 9, 2, 6);
        string path = _files.Write("labels", gzip ? IdxFiles.Gzip(idx) : idx);

        Assert.Equal(new byte[] { 3, 1, 4, 1, 5, 9, 2, 6 }, IdxReader.ReadLabels(path));
        Assert.Equal(new byte[] { 3, 1, 4, 1, 5, 9, 2, 6 }, IdxReader.ReadLabels(path, classes: 10));
    }

    [Fact]
    public void Empty_image_file_with_zero_count_reads_as_no_images()
    {
        string path = _files.Write("empty-set", IdxFiles.Images(0, 28, 28));

        IdxImages images = IdxReader.ReadImages(path);

        Assert.Equal((0, 28, 28), (images.Count, images.Rows, images.Columns));
        Assert.Empty(images.Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_label_file_read_as_images_has_the_wrong_dimension_count(bool gzip)
    {
        byte[] idx = IdxFiles.Labels(1, 2, 3);
        string path = _files.Write("labels-not-images", gzip ? IdxFiles.Gzip(idx) : idx);

        AssertProblem(IdxProblem.WrongDimensionCount, path, () => IdxReader.ReadImages(path),
            "wrong number of dimensions: the magic number 0x00000801 (2049) declares 1", "has 3", "0x00000803 = 2051");
    }

    [Fact]
    public void A_float_element_type_is_a_bad_magic_number()
    {
        string path = _files.Write("float-images", IdxFiles.Images(1, 2, 2, magic: 0x00000D03));

        AssertProblem(IdxProblem.BadMagic, path, () => IdxReader.ReadImages(path), "bad magic number 0x00000D03 (3331)", "0x00000803 (2051");
    }

    [Fact]
    public void A_text_file_has_a_bad_magic_number()
    {
        string path = _files.Write("notes.txt", "hello, this is not IDX"u8.ToArray());

        AssertProblem(IdxProblem.BadMagic, path, () => IdxReader.ReadLabels(path), "bad magic number 0x68656C6C", "0x00000801");
    }

    [Fact]
    public void Image_magic_with_two_dimensions_is_a_wrong_dimension_count()
    {
        string path = _files.Write("two-dims", IdxFiles.Images(2, 28, 28, magic: 0x00000802));

        AssertProblem(IdxProblem.WrongDimensionCount, path, () => IdxReader.ReadImages(path),
            "wrong number of dimensions", "declares 2", "has 3");
    }

    [Fact]
    public void Label_file_with_three_dimensions_is_a_wrong_dimension_count()
    {
        string path = _files.Write("three-dim-labels", IdxFiles.Labels(0x00000803, [1, 2, 3]));

        AssertProblem(IdxProblem.WrongDimensionCount, path, () => IdxReader.ReadLabels(path),
            "wrong number of dimensions", "declares 3", "has 1");
    }

    [Theory]
    [InlineData(0, false, "ends after 0 byte(s)")]
    [InlineData(3, false, "ends after 3 byte(s)")]
    [InlineData(10, false, "ends 10 byte(s) in")]
    [InlineData(15, true, "ends 15 byte(s) in")]
    public void Header_cut_short_is_a_truncated_header(int keep, bool gzip, string where)
    {
        byte[] idx = IdxFiles.Images(1, 28, 28)[..keep];
        string path = _files.Write("short-header", gzip ? IdxFiles.Gzip(idx) : idx);

        AssertProblem(IdxProblem.TruncatedHeader, path, () => IdxReader.ReadImages(path), "truncated header", where);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Payload_shorter_than_the_header_declares_is_truncated(bool gzip)
    {
        byte[] idx = IdxFiles.Images(5, 28, 28)[..(16 + 3 * 784 + 100)];
        string path = _files.Write("short-payload", gzip ? IdxFiles.Gzip(idx) : idx);

        AssertProblem(IdxProblem.TruncatedPayload, path, () => IdxReader.ReadImages(path),
            "truncated payload", "3920 payload bytes (5 images x 28 x 28)", "2452");
    }

    [Fact]
    public void Label_payload_shorter_than_its_count_is_truncated()
    {
        byte[] idx = IdxFiles.Labels(1, 2, 3, 4)[..10];
        string path = _files.Write("short-labels", idx);

        AssertProblem(IdxProblem.TruncatedPayload, path, () => IdxReader.ReadLabels(path), "4 payload bytes (4 labels)", "has 2");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_huge_declared_count_is_reported_without_allocating_for_it(bool gzip)
    {
        byte[] idx = IdxFiles.Images(1, 28, 28);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(4), 2_000_000); // 1.57 GB declared
        string path = _files.Write("huge-count", gzip ? IdxFiles.Gzip(idx) : idx);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertProblem(IdxProblem.TruncatedPayload, path, () => IdxReader.ReadImages(path),
            "1568000000 payload bytes (2000000 images x 28 x 28)", "784");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 16 << 20, $"reading allocated {allocated} bytes");
    }

    [Fact]
    public void A_declared_payload_beyond_any_array_is_an_invalid_dimension()
    {
        byte[] idx = IdxFiles.Images(1, 28, 28);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(4), int.MaxValue);
        string path = _files.Write("overflow", idx);

        AssertProblem(IdxProblem.InvalidDimension, path, () => IdxReader.ReadImages(path),
            "2147483647 x 28 x 28 = 1683627179248 payload bytes", "more than an array can hold");
    }

    [Fact]
    public void A_negative_dimension_is_invalid()
    {
        byte[] idx = IdxFiles.Images(1, 28, 28);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(8), -28);
        string path = _files.Write("negative-rows", idx);

        AssertProblem(IdxProblem.InvalidDimension, path, () => IdxReader.ReadImages(path), "rows is 4294967268");
    }

    [Fact]
    public void Zero_columns_is_invalid()
    {
        string path = _files.Write("zero-columns", IdxFiles.Images(1, 28, 0));

        AssertProblem(IdxProblem.InvalidDimension, path, () => IdxReader.ReadImages(path), "columns is 0");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_after_the_payload_are_rejected(bool gzip)
    {
        byte[] idx = [.. IdxFiles.Labels(1, 2, 3), 0, 0, 0, 0, 0];
        string path = _files.Write("trailing", gzip ? IdxFiles.Gzip(idx) : idx);

        AssertProblem(IdxProblem.TrailingData, path, () => IdxReader.ReadLabels(path),
            "5 unexpected byte(s) after the payload", "3 payload bytes (3 labels)");
    }

    [Fact]
    public void Gzip_signature_followed_by_garbage_is_corrupt_gzip()
    {
        byte[] bytes = [0x1f, 0x8b, 0x42, 0x13, 0x37, 0x00, 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88];
        string path = _files.Write("garbage.gz", bytes);

        var error = AssertProblem(IdxProblem.CorruptGzip, path, () => IdxReader.ReadImages(path), "corrupt gzip data");
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void A_flipped_byte_in_the_compressed_body_is_corrupt_gzip()
    {
        byte[] gz = IdxFiles.Gzip(IdxFiles.Images(20, 28, 28));
        gz[gz.Length / 2] ^= 0x55;
        string path = _files.Write("flipped.gz", gz);

        AssertProblem(IdxProblem.CorruptGzip, path, () => IdxReader.ReadImages(path), "corrupt gzip data");
    }

    [Fact]
    public void A_wrong_crc_in_the_gzip_trailer_is_corrupt_gzip()
    {
        byte[] gz = IdxFiles.Gzip(IdxFiles.Images(2, 28, 28));
        gz[^8] ^= 0x01; // first byte of the CRC-32
        string path = _files.Write("bad-crc.gz", gz);

        AssertProblem(IdxProblem.CorruptGzip, path, () => IdxReader.ReadImages(path), "corrupt gzip data");
    }

    [Fact]
    public void A_gzip_file_cut_in_half_is_a_truncated_payload()
    {
        byte[] gz = IdxFiles.Gzip(IdxFiles.Images(20, 28, 28));
        string path = _files.Write("half.gz", gz[..(gz.Length / 2)]);

        // .NET's GZipStream reports a stream that stops early as its end, so the short payload is what is detected.
        AssertProblem(IdxProblem.TruncatedPayload, path, () => IdxReader.ReadImages(path),
            "truncated payload", "15680 payload bytes (20 images x 28 x 28)", "the decompressed data has");
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        string path = _files.PathOf("no-such-file.gz");

        var error = AssertProblem(IdxProblem.FileNotFound, path, () => IdxReader.ReadImages(path), "file not found");
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Fact]
    public void A_file_in_a_missing_directory_is_reported_by_name()
    {
        string path = Path.Combine(_files.Directory, "no-such-dir", "labels");

        AssertProblem(IdxProblem.FileNotFound, path, () => IdxReader.ReadLabels(path), "file not found", "no-such-dir does not exist");
    }

    [Fact]
    public void A_directory_is_not_readable_as_a_file()
    {
        AssertProblem(IdxProblem.Unreadable, _files.Directory, () => IdxReader.ReadImages(_files.Directory), "is a directory");
    }

    [Fact]
    public void A_file_locked_by_another_handle_is_unreadable_with_the_io_error_wrapped()
    {
        string path = _files.Write("locked", IdxFiles.Labels(1, 2));
        using var holder = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var error = AssertProblem(IdxProblem.Unreadable, path, () => IdxReader.ReadLabels(path), "cannot be read");
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public void A_label_outside_the_classes_is_reported_with_its_index()
    {
        string path = _files.Write("labels", IdxFiles.Labels(0, 9, 10, 3));

        Assert.Equal(new byte[] { 0, 9, 10, 3 }, IdxReader.ReadLabels(path)); // no range without a class count
        AssertProblem(IdxProblem.LabelOutOfRange, path, () => IdxReader.ReadLabels(path, classes: 10),
            "label 10 at index 2 is outside 0..9");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Damaged_files_never_throw_anything_but_IdxFormatException(bool gzip)
    {
        // Every truncation and every single-byte corruption of a valid file either reads or is reported as an
        // IdxFormatException naming the file; nothing else escapes.
        byte[] raw = IdxFiles.Images(2, 5, 5);
        byte[] original = gzip ? IdxFiles.Gzip(raw) : raw;
        var cutsThatRead = new List<int>();
        var flipsThatRead = new List<int>();
        for (int variant = 0; variant < 2 * original.Length; variant++)
        {
            bool cut = variant < original.Length;
            int at = cut ? variant : variant - original.Length;
            byte[] damaged = cut ? original[..at] : (byte[])original.Clone();
            if (!cut)
                damaged[at] ^= 0xA5;
            string path = _files.Write("variant", damaged);
            try
            {
                IdxImages images = IdxReader.ReadImages(path);
                Assert.Equal(images.Count * images.Rows * images.Columns, images.Pixels.Length);
                (cut ? cutsThatRead : flipsThatRead).Add(at);
            }
            catch (IdxFormatException error)
            {
                Assert.Equal(path, error.FilePath);
            }
        }

        if (!gzip)
        {
            Assert.Empty(cutsThatRead);
            // A raw file has no checksum: only flipped pixel bytes (after the 16-byte header) go unnoticed.
            Assert.Equal(Enumerable.Range(16, raw.Length - 16), flipsThatRead);
        }
        else
        {
            // GZipStream takes a stream that stops early for its end, so cuts that drop only the 8-byte CRC/size
            // trailer, or the trailer and the deflate byte holding just the end-of-block code, still read: the
            // payload is complete then. Any earlier cut loses payload and is reported. A flipped byte is caught by
            // the CRC unless it is in the gzip header's mtime/xfl/os fields (bytes 4..9) or in the size field.
            Assert.NotEmpty(cutsThatRead);
            Assert.All(cutsThatRead, at => Assert.InRange(at, original.Length - 9, original.Length - 1));
            Assert.All(flipsThatRead, at => Assert.True(at is >= 4 and <= 9 || at >= original.Length - 4, $"flip at {at} read"));
        }
    }
}
