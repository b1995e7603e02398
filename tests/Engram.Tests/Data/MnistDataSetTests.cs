using Engram.Data;
using TorchSharp;

namespace Engram.Tests.Data;

/// <summary>Loads the embedded digits once for the tests that only read them.</summary>
public sealed class EmbeddedMnistFixture : IDisposable
{
    public MnistDataSet Data { get; } = MnistDataSet.LoadEmbedded();

    public void Dispose() => Data.Dispose();
}

public class EmbeddedMnistTests(EmbeddedMnistFixture fixture) : IClassFixture<EmbeddedMnistFixture>
{
    // Written by tools/Engram.DataPrep; the same numbers are in data/README.md.
    private static readonly long[] TrainPerClass = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782];
    private static readonly long[] TestPerClass = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196];

    private MnistDataSet Data => fixture.Data;

    private static long[] CountPerClass(torch.Tensor labels)
    {
        var counts = new long[10];
        foreach (long label in labels.data<long>())
            counts[label]++;
        return counts;
    }

    [Fact]
    public void Embedded_files_are_copied_next_to_the_program()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "data", "mnist"), MnistDataSet.EmbeddedDirectory);
        foreach (string name in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            Assert.True(File.Exists(Path.Combine(MnistDataSet.EmbeddedDirectory, name)), name);
        Assert.Equal(MnistDataSet.EmbeddedDirectory, Data.Source);
    }

    [Fact]
    public void Shapes_and_types_are_those_documented()
    {
        Assert.Equal(10, Data.Classes);
        Assert.Equal(784, Data.Features);
        Assert.Equal(8000, Data.TrainCount);
        Assert.Equal(2000, Data.TestCount);
        Assert.Equal(new long[] { 8000, 784 }, Data.TrainImages.shape);
        Assert.Equal(new long[] { 8000 }, Data.TrainLabels.shape);
        Assert.Equal(new long[] { 2000, 784 }, Data.TestImages.shape);
        Assert.Equal(new long[] { 2000 }, Data.TestLabels.shape);
        Assert.Equal(torch.ScalarType.Float32, Data.TrainImages.dtype);
        Assert.Equal(torch.ScalarType.Float32, Data.TestImages.dtype);
        Assert.Equal(torch.ScalarType.Int64, Data.TrainLabels.dtype);
        Assert.Equal(torch.ScalarType.Int64, Data.TestLabels.dtype);
    }

    [Fact]
    public void Every_class_is_in_both_splits_with_the_counts_the_tool_wrote()
    {
        Assert.Equal(TrainPerClass, CountPerClass(Data.TrainLabels));
        Assert.Equal(TestPerClass, CountPerClass(Data.TestLabels));
    }

    [Fact]
    public void Pixels_span_zero_to_one_with_mostly_background()
    {
        foreach (torch.Tensor images in new[] { Data.TrainImages, Data.TestImages })
        {
            Assert.Equal(0f, images.min().item<float>());
            Assert.Equal(1f, images.max().item<float>());
            double mean = images.mean().item<float>();
            Assert.InRange(mean, 0.11, 0.15); // MNIST's mean intensity is 0.1307
        }
    }

    [Fact]
    public void The_first_examples_are_the_known_digits()
    {
        // data/README.md: train[0] is a 3 (package digit 3 #921, pixel sum 25590, 148 non-zero pixels);
        // test[0] is a 3 (#628, sum 47550, 253 non-zero); test[1] is a 5 (#848, sum 22919, 148 non-zero).
        Assert.Equal(3, Data.TrainLabels[0].item<long>());
        Assert.Equal(2, Data.TrainLabels[1].item<long>());
        Assert.Equal(3, Data.TestLabels[0].item<long>());
        Assert.Equal(5, Data.TestLabels[1].item<long>());

        byte[] trainBytes = IdxReader.ReadImages(Path.Combine(Data.Source, "train-images-idx3-ubyte.gz")).Image(0).ToArray();
        Assert.Equal(25590, trainBytes.Sum(b => b));
        Assert.Equal(148, trainBytes.Count(b => b > 0));
        float[] trainRow = Data.TrainImages[0].data<float>().ToArray();
        Assert.Equal(trainBytes.Select(b => b / 255f), trainRow);

        IdxImages test = IdxReader.ReadImages(Path.Combine(Data.Source, "t10k-images-idx3-ubyte.gz"));
        Assert.Equal(47550, test.Image(0).ToArray().Sum(b => b));
        Assert.Equal(253, test.Image(0).ToArray().Count(b => b > 0));
        Assert.Equal(22919, test.Image(1).ToArray().Sum(b => b));
    }

    [Fact]
    public void Train_and_test_share_no_image()
    {
        IdxImages train = IdxReader.ReadImages(Path.Combine(Data.Source, "train-images-idx3-ubyte.gz"));
        IdxImages test = IdxReader.ReadImages(Path.Combine(Data.Source, "t10k-images-idx3-ubyte.gz"));
        var seen = new HashSet<string>(Enumerable.Range(0, train.Count).Select(i => Convert.ToBase64String(train.Image(i))));

        Assert.Equal(8000, seen.Count); // no duplicate within the training set either
        Assert.DoesNotContain(Enumerable.Range(0, test.Count), i => seen.Contains(Convert.ToBase64String(test.Image(i))));
    }

    [Fact]
    public void Classes_are_interleaved_not_sorted()
    {
        long[] first100 = Data.TrainLabels[..100].data<long>().ToArray();
        Assert.Equal(10, first100.Distinct().Count());
    }
}

public class MnistDataSetLoadTests : IDisposable
{
    private readonly IdxFiles _files = new();

    public void Dispose() => _files.Dispose();

    private void WriteSet(byte[] trainLabels, byte[] testLabels, int trainImages = -1, int testImages = -1, int side = 28, bool gzip = true)
    {
        string ext = gzip ? ".gz" : "";
        Func<byte[], byte[]> pack = gzip ? IdxFiles.Gzip : b => b;
        _files.Write(MnistDataSet.TrainImagesFile + ext,
            pack(IdxFiles.Images(trainImages < 0 ? trainLabels.Length : trainImages, side, side, i => (byte)(i % 256))));
        _files.Write(MnistDataSet.TrainLabelsFile + ext, pack(IdxFiles.Labels(trainLabels)));
        _files.Write(MnistDataSet.TestImagesFile + ext,
            pack(IdxFiles.Images(testImages < 0 ? testLabels.Length : testImages, side, side, i => (byte)(255 - i % 256))));
        _files.Write(MnistDataSet.TestLabelsFile + ext, pack(IdxFiles.Labels(testLabels)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_directory_of_small_files_loads_into_tensors(bool gzip)
    {
        WriteSet([7, 0, 9], [4, 2], gzip: gzip);

        using MnistDataSet data = MnistDataSet.Load(_files.Directory);

        Assert.Equal(_files.Directory, data.Source);
        Assert.Equal(new long[] { 3, 784 }, data.TrainImages.shape);
        Assert.Equal(new long[] { 2, 784 }, data.TestImages.shape);
        Assert.Equal(new long[] { 7, 0, 9 }, data.TrainLabels.data<long>().ToArray());
        Assert.Equal(new long[] { 4, 2 }, data.TestLabels.data<long>().ToArray());
        // train pixel i is i mod 256: image 1 starts at i = 784 = 3 * 256 + 16.
        Assert.Equal(16 / 255f, data.TrainImages[1, 0].item<float>());
        Assert.Equal(1f, data.TrainImages[0, 255].item<float>());
        Assert.Equal(1f, data.TestImages[0, 0].item<float>());
        Assert.Equal(0f, data.TestImages[0, 255].item<float>());
    }

    [Fact]
    public void Files_with_and_without_gz_mix_and_gz_wins_when_both_exist()
    {
        WriteSet([1, 2], [3], gzip: false);
        File.Move(_files.PathOf(MnistDataSet.TestLabelsFile), _files.PathOf(MnistDataSet.TestLabelsFile + ".gz"));
        _files.Write(MnistDataSet.TrainLabelsFile + ".gz", IdxFiles.Gzip(IdxFiles.Labels(8, 9)));

        using MnistDataSet data = MnistDataSet.Load(_files.Directory);

        Assert.Equal(new long[] { 8, 9 }, data.TrainLabels.data<long>().ToArray());
        Assert.Equal(new long[] { 3 }, data.TestLabels.data<long>().ToArray());
    }

    [Fact]
    public void Tensors_outlive_a_dispose_scope_active_while_loading_and_die_with_the_data_set()
    {
        WriteSet([1, 2], [3]);
        MnistDataSet data;
        using (torch.NewDisposeScope())
            data = MnistDataSet.Load(_files.Directory);

        Assert.Equal(2, data.TrainLabels[1].item<long>());
        data.Dispose();
        Assert.Throws<InvalidOperationException>(() => data.TrainLabels.item<long>());
        data.Dispose(); // a second dispose does nothing
    }

    [Fact]
    public void Missing_files_are_named_with_the_directory()
    {
        WriteSet([1], [2]);
        File.Delete(_files.PathOf(MnistDataSet.TrainLabelsFile + ".gz"));
        File.Delete(_files.PathOf(MnistDataSet.TestImagesFile + ".gz"));

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        Assert.Equal(IdxProblem.FileNotFound, error.Kind);
        Assert.Equal(_files.Directory, error.FilePath);
        Assert.StartsWith(_files.Directory + ": missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz];", error.Message);
        Assert.DoesNotContain("missing train-images", error.Message);
        Assert.Contains("train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte", error.Problem);
    }

    [Fact]
    public void A_missing_directory_is_named()
    {
        string directory = Path.Combine(_files.Directory, "nothing-here");

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(directory));

        Assert.Equal(IdxProblem.FileNotFound, error.Kind);
        Assert.Equal(directory, error.FilePath);
        Assert.StartsWith(directory + ": directory not found", error.Message);
    }

    [Fact]
    public void More_labels_than_images_is_a_count_mismatch_on_the_label_file()
    {
        WriteSet([1, 2, 3], [4], trainImages: 2);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        string labels = _files.PathOf(MnistDataSet.TrainLabelsFile + ".gz");
        Assert.Equal(IdxProblem.CountMismatch, error.Kind);
        Assert.Equal(labels, error.FilePath);
        Assert.Equal($"{labels}: count mismatch: 3 labels, but {_files.PathOf(MnistDataSet.TrainImagesFile + ".gz")} holds 2 images", error.Message);
    }

    [Fact]
    public void Fewer_test_labels_than_images_is_a_count_mismatch()
    {
        WriteSet([1], [4], testImages: 5);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        Assert.Equal(IdxProblem.CountMismatch, error.Kind);
        Assert.Equal(_files.PathOf(MnistDataSet.TestLabelsFile + ".gz"), error.FilePath);
        Assert.Contains("count mismatch: 1 label, but", error.Problem);
        Assert.Contains("holds 5 images", error.Problem);
    }

    [Fact]
    public void Images_that_are_not_28_by_28_are_rejected()
    {
        WriteSet([1], [2], side: 32);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        Assert.Equal(IdxProblem.WrongImageSize, error.Kind);
        Assert.Equal(_files.PathOf(MnistDataSet.TrainImagesFile + ".gz"), error.FilePath);
        Assert.Contains("images are 32 x 32 pixels", error.Problem);
    }

    [Fact]
    public void A_label_of_ten_is_outside_the_ten_classes()
    {
        WriteSet([1], [2, 10, 3]);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        Assert.Equal(IdxProblem.LabelOutOfRange, error.Kind);
        Assert.Equal(_files.PathOf(MnistDataSet.TestLabelsFile + ".gz"), error.FilePath);
        Assert.Contains("label 10 at index 1 is outside 0..9", error.Message);
    }

    [Fact]
    public void A_corrupt_file_in_the_directory_surfaces_as_the_reader_reports_it()
    {
        WriteSet([1, 2], [3]);
        string images = _files.Write(MnistDataSet.TestImagesFile + ".gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad]);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        Assert.Equal(images, error.FilePath);
        Assert.Equal(IdxProblem.CorruptGzip, error.Kind);
    }
}

/// <summary>A fact that runs only where a directory exists (e.g. a data set from a system package).</summary>
public sealed class FactWhenDirectoryExistsAttribute : FactAttribute
{
    public FactWhenDirectoryExistsAttribute(string directory)
    {
        if (!Directory.Exists(directory))
            Skip = $"{directory} does not exist (Debian: apt-get install dataset-fashion-mnist)";
    }
}

public class FashionMnistTests
{
    private const string Directory = "/usr/share/datasets/fashion-mnist";

    [FactWhenDirectoryExists(Directory)]
    public void Debian_fashion_mnist_loads_with_the_same_method()
    {
        using MnistDataSet data = MnistDataSet.Load(Directory);

        Assert.Equal(60000, data.TrainCount);
        Assert.Equal(10000, data.TestCount);
        Assert.Equal(new long[] { 60000, 784 }, data.TrainImages.shape);
        long[] train = new long[10], test = new long[10];
        foreach (long label in data.TrainLabels.data<long>())
            train[label]++;
        foreach (long label in data.TestLabels.data<long>())
            test[label]++;
        Assert.All(train, count => Assert.Equal(6000, count));
        Assert.All(test, count => Assert.Equal(1000, count));
        Assert.Equal(1f, data.TestImages.max().item<float>());
    }
}
