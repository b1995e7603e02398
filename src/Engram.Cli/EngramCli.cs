using System.CommandLine;
using System.CommandLine.Parsing;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// The command line over a catalog of experiments. An experiments assembly's <c>Main</c> hands its generated catalog
/// here: <c>return EngramCli.Run(args, Engram.Generated.ExperimentCatalog.All);</c>
/// </summary>
public static class EngramCli
{
    /// <summary>The console width used when the output is not a terminal: wide enough that no line is wrapped.</summary>
    public const int UnwrappedWidth = 10_000;

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <returns>A code from <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, IReadOnlyList<ExperimentDescriptor> catalog) => Run(args, catalog, AnsiConsole.Console);

    /// <summary>As <see cref="Run(string[], IReadOnlyList{ExperimentDescriptor})"/>, writing to <paramref name="console"/>.</summary>
    public static int Run(string[] args, IReadOnlyList<ExperimentDescriptor> catalog, IAnsiConsole console) => Run(args, catalog, console, null);

    /// <summary>
    /// As <see cref="Run(string[], IReadOnlyList{ExperimentDescriptor}, IAnsiConsole)"/>, with the command-line
    /// parser's own output (help, parse errors) going to <paramref name="parserOutput"/> instead of the process's
    /// standard output and error (null keeps them).
    /// </summary>
    /// <remarks>
    /// When <paramref name="console"/> does not write to a terminal (output redirected to a file or a pipe), its width
    /// is set to <see cref="UnwrappedWidth"/>: nothing is wrapped, and tables take the width of their content.
    /// </remarks>
    public static int Run(string[] args, IReadOnlyList<ExperimentDescriptor> catalog, IAnsiConsole console, TextWriter? parserOutput)
    {
        ArgumentNullException.ThrowIfNull(console);
        // Redirected, Spectre assumes 80 columns and wraps tables, descriptions and paths mid-word; a file has no width.
        if (!console.Profile.Out.IsTerminal)
            console.Profile.Width = UnwrappedWidth;

        var root = new RootCommand("Engram: declared continual-learning experiments on real data. " +
                                   "Exit codes: 0 success, 1 bad command line, 2 unknown experiment, 3 data error, 4 run or output failed, " +
                                   "5 overrides refused, 6 unusable results.json, 7 a declared claim not met, 8 training diverged, " +
                                   "9 output folder unusable, 10 nothing to resume, 130/143 stopped by Ctrl-C/SIGTERM (resumable).");
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "On an error, print its full detail (exception type, causes, stack trace) after the one-line message.",
            Recursive = true,
        };
        root.Options.Add(verbose);
        root.Subcommands.Add(ListCommand.Create(catalog, console));
        root.Subcommands.Add(RunCommand.Create(catalog, console, verbose, new LaunchCommand(args)));
        root.Subcommands.Add(ReportCommand.Create(console));
        root.Subcommands.Add(CompareCommand.Create(console));
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?"))
        {
            // The errors alone, in words (not the whole help, with the error at its end, nor .NET type names).
            foreach (ParseError error in parsed.Errors)
                console.MarkupLine($"[red]Error:[/] {Markup.Escape(Readable(error.Message))}");
            string command = parsed.CommandResult.Command is RootCommand ? "" : parsed.CommandResult.Command.Name + " ";
            console.MarkupLine($"See '{Markup.Escape(command)}--help' for the options.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (parserOutput is not null)
        {
            configuration.Output = parserOutput;
            configuration.Error = parserOutput;
        }

        try
        {
            return parsed.Invoke(configuration);
        }
        catch (Exception error)
        {
            // Whatever no command expected still ends with one clear line, never a bare stack trace.
            ErrorReport.Write(console, $"Unexpected error ({error.GetType().Name})", error, parsed.GetValue(verbose),
                "This is a bug in Engram or an unusual environment; please report it with the --verbose output.");
            return ExitCodes.RunFailed;
        }
    }

    /// <summary>A parser message without .NET type names: <c>as expected type 'System.Nullable`1[System.Double]'</c> becomes <c>as a number</c>.</summary>
    private static string Readable(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"as expected type '(System\.Nullable`1\[)?System\.(\w+)\]?'", match => match.Groups[2].Value switch
        {
            "Double" or "Single" => "as a number",
            "Int32" or "Int64" => "as a whole number",
            _ => "as " + match.Groups[2].Value,
        });
}
