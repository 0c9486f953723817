namespace Sluice.Server.Storage.Tests;

/// <summary>What can happen to a job while it is queued or running.</summary>
public enum JobAct
{
    Claim,
    Renew,
    Log,
    Complete,
    Abandon,
    Cancel,

    /// <summary>The run's jobs queued again, as a restarted server replays the run: nothing changes.</summary>
    Replay,

    /// <summary>The jobs whose lease has passed its end are asked for.</summary>
    Expire,
}

/// <summary>
/// One step of the model-based test: <see cref="Lease"/> picks which of the leases handed out for the job is used
/// (cyclically, so earlier ones are stale), or, when negative, a forged lease for the current attempt.
/// </summary>
public readonly record struct JobStep(JobAct Act, int Job, int Lease);

/// <summary>
/// The job states of one run as the contract describes them, kept in memory: what the store must answer to each step
/// and what it must hold afterwards.
/// </summary>
public sealed class JobLifecycleModel(int jobs, int maxAttempts)
{
    public Leg[] Legs { get; } = [.. Enumerable.Range(0, jobs).Select(_ => new Leg())];

    public int MaxAttempts => maxAttempts;

    /// <summary>The log entries (job, attempt, sequence number) the store accepted.</summary>
    public HashSet<(int Job, int Attempt, long Seq)> Logs { get; } = [];

    public int? Claim(string lease, DateTimeOffset leaseUntil)
    {
        var index = Array.FindIndex(Legs, leg => leg.Status == JobStatuses.Queued);
        if (index < 0)
        {
            return null;
        }

        var leg = Legs[index];
        leg.Status = JobStatuses.Running;
        leg.Attempt++;
        leg.Leases.Add(lease);
        leg.LeaseUntil = leaseUntil;
        return index;
    }

    /// <summary>The attempt and lease a step writes with.</summary>
    public (int Attempt, string Lease) Pick(int job, int choice)
    {
        var leg = Legs[job];
        return choice < 0 || leg.Leases.Count == 0
            ? (Math.Max(leg.Attempt, 1), "forged")
            : (choice % leg.Leases.Count + 1, leg.Leases[choice % leg.Leases.Count]);
    }

    public bool Holds(int job, int attempt, string lease)
    {
        var leg = Legs[job];
        return leg.Status == JobStatuses.Running && attempt == leg.Attempt && leg.Leases[attempt - 1] == lease;
    }

    public bool Renew(int job, int attempt, string lease, DateTimeOffset leaseUntil)
    {
        if (!Holds(job, attempt, lease))
        {
            return false;
        }

        Legs[job].LeaseUntil = leaseUntil;
        return true;
    }

    /// <summary>The running jobs whose lease ended before <paramref name="now"/>, in queue order.</summary>
    public IEnumerable<int> Expired(DateTimeOffset now) =>
        Enumerable.Range(0, Legs.Length).Where(i => Legs[i].Status == JobStatuses.Running && Legs[i].LeaseUntil < now);

    public bool Log(int job, int attempt, string lease, IEnumerable<long> seqs)
    {
        if (!Holds(job, attempt, lease))
        {
            return false;
        }

        foreach (var seq in seqs)
        {
            Logs.Add((job, attempt, seq));
        }

        return true;
    }

    public bool Complete(int job, int attempt, string lease, string conclusion)
    {
        if (!Holds(job, attempt, lease))
        {
            return false;
        }

        Legs[job].End(conclusion);
        return true;
    }

    public bool Abandon(int job, int attempt)
    {
        var leg = Legs[job];
        if (leg.Status != JobStatuses.Running || attempt != leg.Attempt)
        {
            return false;
        }

        if (attempt < maxAttempts && !leg.CancelRequested)
        {
            leg.Status = JobStatuses.Queued;
        }
        else
        {
            leg.End(leg.CancelRequested ? "cancelled" : "failure");
        }

        return true;
    }

    public void Cancel(int job)
    {
        var leg = Legs[job];
        if (leg.Status == JobStatuses.Queued)
        {
            leg.CancelRequested = true;
            leg.End("cancelled");
        }
        else if (leg.Status == JobStatuses.Running)
        {
            leg.CancelRequested = true;
        }
    }

    public sealed class Leg
    {
        public string Status { get; set; } = JobStatuses.Queued;

        public int Attempt { get; set; }

        public bool CancelRequested { get; set; }

        public DateTimeOffset LeaseUntil { get; set; }

        public string? Conclusion { get; private set; }

        /// <summary>The lease of each attempt, in order.</summary>
        public List<string> Leases { get; } = [];

        public void End(string conclusion)
        {
            Status = JobStatuses.Completed;
            Conclusion = conclusion;
        }
    }
}
