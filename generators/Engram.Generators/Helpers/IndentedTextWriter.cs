using System;
using System.Text;

namespace Engram.Generators.Helpers;

/// <summary>
/// Writes C# source line by line with four-space indentation; <see cref="Block"/> opens a brace block that closes
/// when disposed. Lines end with '\n' on every platform, and empty lines carry no indentation.
/// </summary>
internal sealed class IndentedTextWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder builder = new();
    private int depth;

    /// <summary>The column a line written now starts at (the indentation's width).</summary>
    public int Column => depth * IndentUnit.Length;

    /// <summary>Writes one line at the current indentation (or an empty line).</summary>
    public void WriteLine(string line = "")
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < depth; i++)
                builder.Append(IndentUnit);
            builder.Append(line);
        }

        builder.Append('\n');
    }

    /// <summary>
    /// Writes <paramref name="header"/> (if any), then <paramref name="open"/>, and indents until the scope is
    /// disposed, which writes <paramref name="close"/>.
    /// </summary>
    /// <param name="header">The line before the brace, e.g. <c>partial class C</c>.</param>
    /// <param name="open">The opening line, <c>{</c> or e.g. <c>[</c> for a collection expression.</param>
    /// <param name="close">The closing line, <c>}</c> or e.g. <c>];</c>.</param>
    public BlockScope Block(string? header = null, string open = "{", string close = "}")
    {
        if (header is not null)
            WriteLine(header);
        WriteLine(open);
        depth++;
        return new BlockScope(this, close);
    }

    /// <summary>Indents until the scope is disposed, without braces.</summary>
    public IndentScope Indent()
    {
        depth++;
        return new IndentScope(this);
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => builder.ToString();

    /// <summary>Closes a brace block.</summary>
    public readonly struct BlockScope : IDisposable
    {
        private readonly IndentedTextWriter writer;
        private readonly string close;

        internal BlockScope(IndentedTextWriter writer, string close)
        {
            this.writer = writer;
            this.close = close;
        }

        /// <summary>Outdents and writes the closing line.</summary>
        public void Dispose()
        {
            writer.depth--;
            writer.WriteLine(close);
        }
    }

    /// <summary>Ends an indentation.</summary>
    public readonly struct IndentScope : IDisposable
    {
        private readonly IndentedTextWriter writer;

        internal IndentScope(IndentedTextWriter writer) => this.writer = writer;

        /// <summary>Outdents.</summary>
        public void Dispose() => writer.depth--;
    }
}
