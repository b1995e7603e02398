using System.Reflection;
using System.Text.RegularExpressions;

namespace Engram.Cli;

/// <summary>
/// How the person started this program, so that a command printed for them (the resume hint) can be pasted as it is:
/// the words before the program's own arguments, e.g. <c>dotnet run --project samples/Engram.Samples -c Release --</c>
/// or <c>./Engram.Samples</c>. Read on Linux from the process's command line and, under <c>dotnet run</c> (which starts
/// the built program as its child, by its full path), from the parent's. Elsewhere, or when the command lines do not
/// end with the program's arguments (e.g. the command line runs inside a test host), it is unknown and the hint falls
/// back to the program's path and the <c>dotnet run</c> form of its project.
/// </summary>
/// <param name="args">The arguments the program was given (what <see cref="EngramCli.Run(string[], IReadOnlyList{Experiments.ExperimentDescriptor})"/> received).</param>
internal sealed partial class LaunchCommand(IReadOnlyList<string> args)
{
    private IReadOnlyList<string>? prefix;
    private bool detected;

    /// <summary>The words the person typed before the program's arguments, or null when that cannot be known reliably.</summary>
    public IReadOnlyList<string>? Prefix
    {
        get
        {
            if (!detected)
            {
                prefix = Detect(args);
                detected = true;
            }

            return prefix;
        }
    }

    /// <summary>
    /// <paramref name="command"/> (e.g. <c>run --resume &lt;folder&gt;</c>) as the person can paste it: one line with
    /// their own launch words, or, when those are unknown, the program's path and then, where its project is found,
    /// the <c>dotnet run</c> form.
    /// </summary>
    public IReadOnlyList<string> Hint(params string[] command)
    {
        if (Prefix is { } known)
            return [Join([.. known, .. command])];
        var lines = new List<string> { Join([.. Entry(), .. command]) };
        if (DotnetRun() is { } run)
            lines.Add(Join([.. run, .. command]));
        return lines;
    }

    /// <summary>
    /// The launch words from this process's command line (<paramref name="self"/>) and its parent's
    /// (<paramref name="parent"/>), or null when <paramref name="self"/> does not end with <paramref name="args"/>.
    /// </summary>
    internal static IReadOnlyList<string>? FindPrefix(IReadOnlyList<string> self, IReadOnlyList<string>? parent, IReadOnlyList<string> args)
    {
        if (self.Count <= args.Count || !EndsWith(self, args))
            return null; // not this program's own command line
        if (parent is not null && parent.Count >= args.Count + 2 && Path.GetFileNameWithoutExtension(parent[0]) == "dotnet" && parent[1] == "run"
            && EndsWith(parent, args))
        {
            // dotnet run [options] [--] <args>: what the person typed, with the -- that keeps run's options apart.
            List<string> typed = parent.Take(parent.Count - args.Count).ToList();
            if (typed[^1] != "--")
                typed.Add("--");
            return typed;
        }

        return self.Take(self.Count - args.Count).ToArray();
    }

    /// <summary>Words joined into a line a POSIX shell reads back as the same words (quoted where needed).</summary>
    internal static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && PlainWord().IsMatch(word) ? word
        : OperatingSystem.IsWindows() ? "\"" + word + "\""
        : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:=@%+,-]+$")]
    private static partial Regex PlainWord();

    private static bool EndsWith(IReadOnlyList<string> words, IReadOnlyList<string> tail) =>
        words.Count >= tail.Count && tail.Select((t, i) => words[words.Count - tail.Count + i] == t).All(static same => same);

    private static IReadOnlyList<string>? Detect(IReadOnlyList<string> args)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            IReadOnlyList<string> self = CommandLine("self");
            string stat = File.ReadAllText("/proc/self/stat");
            string parentId = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            // The parent's words are only what the person typed if it ran in the same directory (relative paths).
            bool sameDirectory = Directory.ResolveLinkTarget($"/proc/{parentId}/cwd", returnFinalTarget: false)?.FullName
                                 == Directory.ResolveLinkTarget("/proc/self/cwd", returnFinalTarget: false)?.FullName;
            return FindPrefix(self, sameDirectory ? CommandLine(parentId) : null, args);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static string[] CommandLine(string process) =>
        File.ReadAllText($"/proc/{process}/cmdline").Split('\0').SkipLast(1).ToArray();

    /// <summary>The program itself: its apphost, or <c>dotnet &lt;its dll&gt;</c>.</summary>
    private static string[] Entry()
    {
        string? path = Environment.ProcessPath;
        string? dll = Assembly.GetEntryAssembly()?.Location;
        return path is not null && Path.GetFileNameWithoutExtension(path) != "dotnet" ? [path]
            : dll is { Length: > 0 } ? ["dotnet", dll]
            : ["engram"];
    }

    /// <summary>
    /// <c>dotnet run --project &lt;dir&gt; -c &lt;configuration&gt; --</c> for the program's project, found next to its
    /// build output (<c>&lt;project&gt;/bin/&lt;configuration&gt;/...</c>), or null when it is not there.
    /// </summary>
    private static string[]? DotnetRun()
    {
        string? name = Assembly.GetEntryAssembly()?.GetName().Name;
        if (name is null)
            return null;
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory?.Parent is { } parent; directory = parent)
        {
            if (directory.Name == "bin" && File.Exists(Path.Combine(parent.FullName, name + ".csproj")))
            {
                string configuration = Path.GetRelativePath(directory.FullName, AppContext.BaseDirectory).Split(Path.DirectorySeparatorChar)[0];
                return ["dotnet", "run", "--project", Path.GetRelativePath(Environment.CurrentDirectory, parent.FullName), "-c", configuration, "--"];
            }
        }

        return null;
    }
}
