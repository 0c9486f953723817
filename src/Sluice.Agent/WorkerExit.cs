namespace Sluice.Agent;

/// <summary>How a job's worker process ended, as its exit code tells the agent that started it.</summary>
public static class WorkerExit
{
    /// <summary>The server took the job's result.</summary>
    public const int Reported = 0;

    /// <summary>The server gave the job to another attempt: nothing of this one was kept.</summary>
    public const int Superseded = 3;

    /// <summary>
    /// The agent went away (its end of the worker's input closed: it died, or it handed the job back as it stopped):
    /// the worker stopped the job's steps and reported nothing, and the job is tried again.
    /// </summary>
    public const int AgentGone = 4;
}
