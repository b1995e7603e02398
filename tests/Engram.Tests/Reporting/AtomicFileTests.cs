using Engram.Reporting;

namespace Engram.Tests.Reporting;

public class AtomicFileTests
{
    [Fact]
    public void Writing_replaces_the_file_and_leaves_no_temporary_file()
    {
        string folder = SampleRecords.NewFolder();
        string path = Path.Combine(folder, "a.txt");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["a.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_is_replaced_whole_and_a_failed_fill_keeps_the_old_one()
    {
        string folder = SampleRecords.NewFolder();
        string target = Path.Combine(folder, "tb");
        AtomicFile.ReplaceDirectory(target, temporary => File.WriteAllText(Path.Combine(temporary, "one"), "1"));
        AtomicFile.ReplaceDirectory(target, temporary => File.WriteAllText(Path.Combine(temporary, "two"), "2"));

        Assert.Equal(["two"], Directory.GetFiles(target).Select(Path.GetFileName));

        Assert.Throws<IOException>(() => AtomicFile.ReplaceDirectory(target, temporary =>
        {
            File.WriteAllText(Path.Combine(temporary, "half"), "");
            throw new IOException("disk full");
        }));
        Assert.Equal(["two"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal(["tb"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }
}
