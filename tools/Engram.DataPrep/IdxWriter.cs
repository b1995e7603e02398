using System.Buffers.Binary;

namespace Engram.DataPrep;

/// <summary>Builds IDX files in the MNIST layout (big-endian header, unsigned-byte payload).</summary>
internal static class IdxWriter
{
    /// <summary>Image file: magic 0x00000803 (2051), dimensions count, rows, columns, then the pixels.</summary>
    public static byte[] Images(int count, int rows, int columns, ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != (long)count * rows * columns)
            throw new ArgumentException($"{pixels.Length} pixels for {count} x {rows} x {columns} images", nameof(pixels));
        var file = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(0), 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(12), columns);
        pixels.CopyTo(file.AsSpan(16));
        return file;
    }

    /// <summary>Label file: magic 0x00000801 (2049), dimension count, then one byte per label.</summary>
    public static byte[] Labels(ReadOnlySpan<byte> labels)
    {
        var file = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(0), 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4), labels.Length);
        labels.CopyTo(file.AsSpan(8));
        return file;
    }
}
