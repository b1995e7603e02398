using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Data;

/// <summary>
/// A data set in the MNIST layout, held in memory as tensors: 28 × 28 grey-scale images in ten classes, split into a
/// training and a test set, read from the four standard IDX files. The embedded digits
/// (<see cref="LoadEmbedded"/>: 8,000 training and 2,000 test images, see <c>data/README.md</c>), the original MNIST
/// and Fashion-MNIST (e.g. Debian's <c>dataset-fashion-mnist</c> in <c>/usr/share/datasets/fashion-mnist</c>) all load
/// with <see cref="Load"/>.
/// </summary>
/// <remarks>
/// The tensors are created once, on the CPU, outside any dispose scope (a scope active during loading does not own
/// them); they belong to this object and are freed by <see cref="Dispose"/>. Callers must not dispose them directly.
/// </remarks>
public sealed class MnistDataSet : IDisposable
{
    /// <summary>Standard file name (without <c>.gz</c>) of the training images.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    /// <summary>Standard file name (without <c>.gz</c>) of the training labels.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>Standard file name (without <c>.gz</c>) of the test images.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>Standard file name (without <c>.gz</c>) of the test labels.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    private const int Side = 28;

    // File names compare as the file system does: case-sensitively on Linux, not on Windows and macOS.
    private static readonly StringComparer NameComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
    private const int ClassCount = 10;

    private bool _disposed;

    private MnistDataSet(string source, Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels)
    {
        Source = source;
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        TestImages = testImages;
        TestLabels = testLabels;
    }

    /// <summary>
    /// Directory the embedded digits are copied to in every program that references Engram:
    /// <c>&lt;AppContext.BaseDirectory&gt;/data/mnist</c>.
    /// </summary>
    public static string EmbeddedDirectory => Path.Combine(AppContext.BaseDirectory, "data", "mnist");

    /// <summary>Training images: float32, shape [TrainCount, 784], row-major 28 × 28 pixels, values byte / 255 in 0..1 (0 = background).</summary>
    public Tensor TrainImages { get; }

    /// <summary>Training labels: int64, shape [TrainCount], class indices 0..9, aligned with <see cref="TrainImages"/>.</summary>
    public Tensor TrainLabels { get; }

    /// <summary>Test images: float32, shape [TestCount, 784], row-major 28 × 28 pixels, values byte / 255 in 0..1.</summary>
    public Tensor TestImages { get; }

    /// <summary>Test labels: int64, shape [TestCount], class indices 0..9, aligned with <see cref="TestImages"/>.</summary>
    public Tensor TestLabels { get; }

    /// <summary>Number of training examples (rows of <see cref="TrainImages"/>).</summary>
    public int TrainCount => (int)TrainImages.shape[0];

    /// <summary>Number of test examples (rows of <see cref="TestImages"/>).</summary>
    public int TestCount => (int)TestImages.shape[0];

    /// <summary>Number of classes: 10.</summary>
    public int Classes => ClassCount;

    /// <summary>Input features per example: 784 (28 × 28 pixels).</summary>
    public int Features => Side * Side;

    /// <summary>The directory the data set was loaded from, as given to <see cref="Load"/>.</summary>
    public string Source { get; }

    /// <summary>Loads the MNIST digits shipped with Engram, from <see cref="EmbeddedDirectory"/>.</summary>
    /// <returns>A new data set (8,000 training and 2,000 test images); the caller disposes it.</returns>
    /// <exception cref="IdxFormatException">The embedded files are missing from the program's output or damaged.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native library cannot be loaded.</exception>
    public static MnistDataSet LoadEmbedded() => Load(EmbeddedDirectory);

    /// <summary>
    /// Loads a directory holding the four standard IDX files, each raw or gzip-compressed, each named with or without
    /// <c>.gz</c> (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
    /// <c>t10k-labels-idx1-ubyte</c>). When both forms of a name exist, the <c>.gz</c> one is read.
    /// </summary>
    /// <param name="directory">The directory, e.g. <see cref="EmbeddedDirectory"/> or <c>/usr/share/datasets/fashion-mnist</c>.</param>
    /// <returns>A new data set whose tensors this object owns; the caller disposes it.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="IdxFormatException">
    /// The directory does not exist, is a file, cannot be listed (permission denied: <see cref="IdxProblem.Unreadable"/>)
    /// or lacks one of the four files (the message names the directory and every missing file name); a file cannot be read or is malformed (see <see cref="IdxReader"/>); an image file and its label file
    /// hold different counts (<see cref="IdxProblem.CountMismatch"/>, reported on the label file); images are not
    /// 28 × 28 (<see cref="IdxProblem.WrongImageSize"/>); or a label is outside 0..9 (<see cref="IdxProblem.LabelOutOfRange"/>).
    /// </exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native library cannot be loaded.</exception>
    public static MnistDataSet Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (File.Exists(directory))
            throw new IdxFormatException(directory, IdxProblem.Unreadable,
                $"is a file, not a directory; expected a directory holding {ExpectedFilesText()}");
        if (!Directory.Exists(directory))
            throw new IdxFormatException(directory, IdxProblem.FileNotFound,
                $"directory not found; expected a directory holding {ExpectedFilesText()}");

        HashSet<string> present = List(directory);
        string[] names = [TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile];
        string?[] paths = names.Select(name => Find(directory, present, name)).ToArray();
        string[] missing = names.Where((_, i) => paths[i] is null).Select(name => $"{name}[.gz]").ToArray();
        if (missing.Length > 0)
            throw new IdxFormatException(directory, IdxProblem.FileNotFound,
                $"missing {string.Join(", ", missing)}; an MNIST-layout directory holds {ExpectedFilesText()}");

        (IdxImages trainImages, byte[] trainLabels) = ReadSplit(paths[0]!, paths[1]!);
        (IdxImages testImages, byte[] testLabels) = ReadSplit(paths[2]!, paths[3]!);

        TorchRuntime.EnsureLoaded();
        Tensor? a = null, b = null, c = null, d = null;
        try
        {
            a = ToImageTensor(trainImages);
            b = ToLabelTensor(trainLabels);
            c = ToImageTensor(testImages);
            d = ToLabelTensor(testLabels);
            return new MnistDataSet(directory, a, b, c, d);
        }
        catch
        {
            a?.Dispose();
            b?.Dispose();
            c?.Dispose();
            d?.Dispose();
            throw;
        }
    }

    /// <summary>Frees the four tensors. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        TrainImages.Dispose();
        TrainLabels.Dispose();
        TestImages.Dispose();
        TestLabels.Dispose();
    }

    private static string ExpectedFilesText() =>
        $"{TrainImagesFile}, {TrainLabelsFile}, {TestImagesFile} and {TestLabelsFile}, each with or without .gz";

    /// <summary>
    /// The names in <paramref name="directory"/>: listing it first tells an unreadable directory (reported as such)
    /// from one that lacks the files (which <see cref="File.Exists"/> alone would report for both).
    /// </summary>
    private static HashSet<string> List(string directory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).Select(entry => Path.GetFileName(entry)).ToHashSet(NameComparer);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IdxFormatException(directory, IdxProblem.Unreadable,
                $"directory cannot be read: permission denied ({e.Message}); Engram needs read access to list it and open {ExpectedFilesText()}", e);
        }
        catch (IOException e)
        {
            throw new IdxFormatException(directory, IdxProblem.Unreadable, $"directory cannot be read: {e.Message}", e);
        }
    }

    private static string? Find(string directory, HashSet<string> present, string name)
    {
        if (present.Contains(name + ".gz"))
            return Path.Combine(directory, name + ".gz");
        return present.Contains(name) ? Path.Combine(directory, name) : null;
    }

    private static (IdxImages Images, byte[] Labels) ReadSplit(string imagesPath, string labelsPath)
    {
        IdxImages images = IdxReader.ReadImages(imagesPath);
        if (images.Rows != Side || images.Columns != Side)
            throw new IdxFormatException(imagesPath, IdxProblem.WrongImageSize,
                $"images are {images.Rows} x {images.Columns} pixels; the MNIST layout needs {Side} x {Side}");
        byte[] labels = IdxReader.ReadLabels(labelsPath, ClassCount);
        if (labels.Length != images.Count)
            throw new IdxFormatException(labelsPath, IdxProblem.CountMismatch,
                $"count mismatch: {Counts.Of(labels.Length, "label")}, but {imagesPath} holds {Counts.Of(images.Count, "image")}");
        return (images, labels);
    }

    private static Tensor ToImageTensor(IdxImages images)
    {
        var values = new float[images.Pixels.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = images.Pixels[i] / 255f;
        return torch.tensor(values, [images.Count, (long)Side * Side], ScalarType.Float32).DetachFromDisposeScope();
    }

    private static Tensor ToLabelTensor(byte[] labels)
    {
        var values = new long[labels.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = labels[i];
        return torch.tensor(values, [labels.Length], ScalarType.Int64).DetachFromDisposeScope();
    }
}
