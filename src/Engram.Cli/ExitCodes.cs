namespace Engram.Cli;

/// <summary>Process exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line could not be parsed (System.CommandLine's own code).</summary>
    public const int Usage = 1;

    /// <summary>No experiment of the given name is in the catalog.</summary>
    public const int UnknownExperiment = 2;

    /// <summary>The data set is missing or malformed.</summary>
    public const int DataError = 3;

    /// <summary>The run, or writing its outputs, failed for another reason (the message says which).</summary>
    public const int RunFailed = 4;

    /// <summary>
    /// <c>report</c> / <c>compare</c>: a run folder has no usable results.json (missing, malformed, or written by a
    /// newer Engram with a higher schema version). (5 is <c>run</c>'s refused overrides.)
    /// </summary>
    public const int InvalidResults = 6;
}
