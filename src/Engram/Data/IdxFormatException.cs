namespace Engram.Data;

/// <summary>
/// What went wrong while reading an IDX file or a directory of them; carried by <see cref="IdxFormatException.Kind"/>
/// so that callers and tests can tell problems apart without parsing the message.
/// </summary>
public enum IdxProblem
{
    /// <summary>The file (or the directory that should hold it) does not exist.</summary>
    FileNotFound,

    /// <summary>The file exists but cannot be opened or read (permission denied, is a directory, I/O error).</summary>
    Unreadable,

    /// <summary>The file starts with the gzip signature but its compressed stream is damaged.</summary>
    CorruptGzip,

    /// <summary>The file ends before the magic number and every dimension size have been read.</summary>
    TruncatedHeader,

    /// <summary>The magic number is not the expected one (wrong file kind, or not an IDX file at all).</summary>
    BadMagic,

    /// <summary>The magic number announces a different number of dimensions than the file kind has.</summary>
    WrongDimensionCount,

    /// <summary>A dimension size is negative, zero where a size is required, or the payload would exceed an array.</summary>
    InvalidDimension,

    /// <summary>The file ends before the count × rows × columns payload bytes its header declares.</summary>
    TruncatedPayload,

    /// <summary>Bytes follow the payload its header declares.</summary>
    TrailingData,

    /// <summary>An image file and its label file hold different numbers of items.</summary>
    CountMismatch,

    /// <summary>A label is not in 0..classes-1.</summary>
    LabelOutOfRange,

    /// <summary>The images do not have the size the data set requires (28 × 28 for MNIST layouts).</summary>
    WrongImageSize,
}

/// <summary>
/// The one exception every IDX reading problem is reported with: a missing or unreadable file, a damaged gzip stream,
/// a wrong magic number or dimension count, a truncated header or payload, trailing bytes, an image/label count
/// mismatch or a label out of range. I/O and decompression exceptions are wrapped, never thrown bare; the original is
/// kept as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class IdxFormatException : Exception
{
    /// <summary>Creates the exception; the message is <c>"&lt;filePath&gt;: &lt;problem&gt;"</c>.</summary>
    /// <param name="filePath">The file (or, for a directory-level problem, the directory) the problem was found in.</param>
    /// <param name="kind">The kind of problem.</param>
    /// <param name="problem">What is wrong, in words, with the numbers involved.</param>
    /// <param name="innerException">The I/O or decompression exception that revealed the problem, if any.</param>
    public IdxFormatException(string filePath, IdxProblem kind, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Kind = kind;
        Problem = problem;
    }

    /// <summary>The file (or, for a directory-level problem such as missing files, the directory) concerned.</summary>
    public string FilePath { get; }

    /// <summary>The kind of problem.</summary>
    public IdxProblem Kind { get; }

    /// <summary>What is wrong, in words, without the path (the message is <c>FilePath + ": " + Problem</c>).</summary>
    public string Problem { get; }
}
