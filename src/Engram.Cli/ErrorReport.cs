using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// How the command line reports an error: one line (label, what went wrong, what to do), and with <c>--verbose</c> the
/// exception's type, inner exceptions and stack trace.
/// </summary>
internal static class ErrorReport
{
    /// <summary>Prints <c>label: message</c> on one line, then the details when <paramref name="verbose"/>.</summary>
    public static void Write(IAnsiConsole console, string label, Exception error, bool verbose, string? hint = null)
    {
        string line = $"[red]{Markup.Escape(label)}:[/] {Markup.Escape(OneLine(error.Message))}";
        if (hint is not null)
            line += " " + Markup.Escape(hint);
        if (!verbose)
            line += " [grey](--verbose for details)[/]";
        console.MarkupLine(line);
        if (verbose)
            console.WriteLine(error.ToString());
    }

    /// <summary>The message with line breaks folded into spaces.</summary>
    public static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
