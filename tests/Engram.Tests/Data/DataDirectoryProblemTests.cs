using Engram.Data;

namespace Engram.Tests.Data;

/// <summary>What <see cref="MnistDataSet.Load"/> says when the directory itself is the problem.</summary>
public class DataDirectoryProblemTests : IDisposable
{
    private readonly IdxFiles _files = new();

    public void Dispose()
    {
        // Give permissions back so the folder can be deleted.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_files.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _files.Dispose();
    }

    [Fact]
    public void A_file_given_as_the_directory_is_named_as_a_file()
    {
        string file = _files.Write("not-a-directory", [1, 2, 3]);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(file));

        Assert.Equal(IdxProblem.Unreadable, error.Kind);
        Assert.Equal(file, error.FilePath);
        Assert.StartsWith(file + ": is a file, not a directory; expected a directory holding train-images-idx3-ubyte", error.Message);
    }

    [FactWhenPermissionsApply]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_directory_without_read_permission_is_unreadable_not_empty()
    {
        WriteFourFiles();
        File.SetUnixFileMode(_files.Directory, UnixFileMode.None);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        Assert.Equal(IdxProblem.Unreadable, error.Kind);
        Assert.Equal(_files.Directory, error.FilePath);
        Assert.Contains("directory cannot be read: permission denied", error.Problem);
    }

    [FactWhenPermissionsApply]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_data_file_without_read_permission_is_unreadable()
    {
        WriteFourFiles();
        string images = _files.PathOf(MnistDataSet.TestImagesFile);
        File.SetUnixFileMode(images, UnixFileMode.None);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataSet.Load(_files.Directory));

        Assert.Equal(IdxProblem.Unreadable, error.Kind);
        Assert.Equal(images, error.FilePath);
        Assert.Contains("cannot be read: permission denied", error.Problem);
    }

    private void WriteFourFiles()
    {
        _files.Write(MnistDataSet.TrainImagesFile, IdxFiles.Images(1, 28, 28));
        _files.Write(MnistDataSet.TrainLabelsFile, IdxFiles.Labels(1));
        _files.Write(MnistDataSet.TestImagesFile, IdxFiles.Images(1, 28, 28));
        _files.Write(MnistDataSet.TestLabelsFile, IdxFiles.Labels(2));
    }
}

/// <summary>
/// A fact that runs only where file permissions restrict this process: not on Windows, and not as root (whose
/// CAP_DAC_OVERRIDE reads every file whatever its mode, as in most containers and CI images).
/// </summary>
public sealed class FactWhenPermissionsApplyAttribute : FactAttribute
{
    public FactWhenPermissionsApplyAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "Unix file modes only";
        else if (Environment.UserName == "root")
            Skip = "root reads files whatever their mode; run as another user (checked by hand: setpriv --reuid=65534)";
    }
}
