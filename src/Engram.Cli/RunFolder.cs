namespace Engram.Cli;

/// <summary>Creates a fresh run folder <c>&lt;root&gt;/&lt;experiment&gt;/&lt;UTC time&gt;</c> that no other run uses.</summary>
internal static class RunFolder
{
    /// <summary>Creates and returns the folder; adds a suffix when a run started in the same second already took the name.</summary>
    public static string Create(string root, string experiment)
    {
        string stem = Path.Combine(root, experiment, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        for (int attempt = 0; ; attempt++)
        {
            string candidate = attempt == 0 ? stem : $"{stem}-{attempt}";
            if (Directory.Exists(candidate))
                continue;
            Directory.CreateDirectory(candidate);
            return candidate;
        }
    }
}
