namespace Sluice.Cli;

/// <summary>The process exit codes of <c>sluice</c>; scripts and CI depend on these numbers, so they never change meaning.</summary>
internal static class ExitCodes
{
    /// <summary>Everything checked out: all workflows valid, the expression evaluated.</summary>
    public const int Success = 0;

    /// <summary>The input was read but found wanting: an invalid workflow, an expression error, or an internal failure.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: unknown option, missing path, unreadable context file.</summary>
    public const int UsageError = 2;

    /// <summary>A quality gate could not decide: data was missing, there was no base to compare with, or the sample was too small.</summary>
    public const int Inconclusive = 3;

    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it); also a run that was cancelled.</summary>
    public const int Interrupted = 130;
}
