namespace Engram.Cli;

/// <summary>Process exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line could not be parsed, or an option is out of range (e.g. <c>--threads 100000</c>).</summary>
    public const int Usage = 1;

    /// <summary>No experiment of the given name is in the catalog.</summary>
    public const int UnknownExperiment = 2;

    /// <summary>The data set is missing, unreadable or malformed (one line names the file and the problem).</summary>
    public const int DataError = 3;

    /// <summary>The run, or writing its outputs, failed for another reason (the message says which).</summary>
    public const int RunFailed = 4;

    /// <summary><c>run</c>: an override breaks a rule of the compile-time diagnostics; nothing was trained.</summary>
    public const int Refused = 5;

    /// <summary>
    /// <c>report</c> / <c>compare</c>: a run folder has no usable results.json (missing, malformed, or written by a
    /// newer Engram with a higher schema version).
    /// </summary>
    public const int InvalidResults = 6;

    /// <summary><c>run</c>: the run finished but a declared <c>[Expect]</c> claim is not met.</summary>
    public const int ClaimsNotMet = 7;

    /// <summary>
    /// <c>run</c>: training diverged (NaN, infinite or exploding loss); the finished tasks are in partial-results.json
    /// and the checkpoint.
    /// </summary>
    public const int Diverged = 8;

    /// <summary><c>run</c>: the output folder cannot be created or written, or its disk is (nearly) full; nothing was trained.</summary>
    public const int OutputUnusable = 9;

    /// <summary><c>run --resume</c>: the run folder has no usable checkpoint, or it does not fit the experiment.</summary>
    public const int ResumeFailed = 10;

    /// <summary><c>run</c>: stopped by Ctrl-C (SIGINT, 128 + 2) after writing a checkpoint; <c>run --resume</c> continues it.</summary>
    public const int Interrupted = 130;

    /// <summary><c>run</c>: stopped by SIGTERM (128 + 15) after writing a checkpoint; <c>run --resume</c> continues it.</summary>
    public const int Terminated = 143;
}
