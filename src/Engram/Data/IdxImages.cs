namespace Engram.Data;

/// <summary>
/// The contents of an IDX image file (magic 2051: unsigned bytes, three dimensions): <paramref name="Count"/> images
/// of <paramref name="Rows"/> × <paramref name="Columns"/> pixels.
/// </summary>
/// <param name="Count">Number of images (the first IDX dimension), ≥ 0.</param>
/// <param name="Rows">Image height in pixels (the second IDX dimension), ≥ 1.</param>
/// <param name="Columns">Image width in pixels (the third IDX dimension), ≥ 1.</param>
/// <param name="Pixels">
/// Exactly <c>Count * Rows * Columns</c> bytes in IDX order: image-major, then row-major within an image
/// (pixel (r, c) of image i is at <c>(i * Rows + r) * Columns + c</c>). Values 0..255; in MNIST 0 is background and
/// 255 full ink. The array is not copied: record equality compares it by reference.
/// </param>
/// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
/// <exception cref="ArgumentException"><paramref name="Pixels"/> does not hold Count × Rows × Columns bytes.</exception>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>The pixels, Count × Rows × Columns bytes (checked when the record is created).</summary>
    public byte[] Pixels { get; init; } = Checked(Count, Rows, Columns, Pixels);

    // Parameter names as the record's, so that the exceptions name the record's parameters.
    private static byte[] Checked(int Count, int Rows, int Columns, byte[] Pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(Rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Columns, 1);
        ArgumentNullException.ThrowIfNull(Pixels);
        if (Pixels.LongLength != (long)Count * Rows * Columns)
            throw new ArgumentException($"Expected {(long)Count * Rows * Columns} pixels ({Count} x {Rows} x {Columns}), got {Pixels.LongLength}.", nameof(Pixels));
        return Pixels;
    }

    /// <summary>Pixels per image, <c>Rows * Columns</c> (784 for MNIST).</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>The pixels of image <paramref name="index"/>, a view of <see cref="Pixels"/> of length <see cref="PixelsPerImage"/>.</summary>
    /// <param name="index">Image index, 0..Count-1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0..Count-1.</exception>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
