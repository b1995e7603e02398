using System.Text;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// Free text (a description, a name, a value read from a file) as one line of a table cell or a header: every run of
/// whitespace, line breaks and tabs included, becomes one space, so a table keeps one row per line and its columns.
/// </summary>
internal static class CellText
{
    /// <summary>The text on one line, escaped for Spectre markup.</summary>
    public static string Of(string text) => Markup.Escape(OneLine(text));

    /// <summary>The text with every run of whitespace collapsed to one space, trimmed.</summary>
    public static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = line.Length > 0;
                continue;
            }

            if (space)
                line.Append(' ');
            space = false;
            line.Append(c);
        }

        return line.ToString();
    }
}
