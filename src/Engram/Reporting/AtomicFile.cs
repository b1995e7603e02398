namespace Engram.Reporting;

/// <summary>
/// Writes files and folders so that their final name never holds a half-written state: the content goes to a
/// temporary name in the same folder, is flushed to disk, and is then renamed over the final name (a rename within
/// one file system is atomic on Linux, macOS and NTFS).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteAllText(string path, string content) => WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(content));

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, creating its folder if missing.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>
    /// Fills a fresh temporary folder next to <paramref name="path"/> with <paramref name="fill"/>, then puts it in
    /// place of <paramref name="path"/> (an existing folder there is moved aside first and deleted after). Readers
    /// see the old complete folder, briefly none, or the new complete one; never a partly written one.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static void ReplaceDirectory(string path, Action<string> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        string full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        string parent = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        string temporary = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.tmp");
        string old = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.old");
        Directory.CreateDirectory(temporary);
        try
        {
            fill(temporary);
            if (Directory.Exists(full))
                Directory.Move(full, old);
            Directory.Move(temporary, full);
        }
        finally
        {
            if (Directory.Exists(temporary))
                Directory.Delete(temporary, recursive: true);
            if (Directory.Exists(old))
                Directory.Delete(old, recursive: true);
        }
    }
}
