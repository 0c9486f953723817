namespace Sluice.Server.Storage;

/// <summary>
/// Everything the server keeps, behind one contract that each provider (SQLite first, PostgreSQL next) implements and
/// proves with the same compliance suite. Writes that belong together are one transaction inside one method, and the
/// writes about a running job are fenced by its attempt and lease token hash, so that an agent whose lease was given
/// to another can change nothing.
/// </summary>
public interface IServerStore : IAsyncDisposable
{
    // Repositories
    Task<RepositoryRecord> AddRepositoryAsync(string name, string url, int? pollSeconds, byte[]? webhookSecret, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RepositoryRecord?> RepositoryAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RepositoryRecord>> RepositoriesAsync(CancellationToken cancellationToken);

    Task SetRepositoryPolledAsync(long repositoryId, string? defaultBranch, string? sha, CancellationToken cancellationToken);

    // Runs
    Task<RunRecord> CreateRunAsync(NewRun run, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RunRecord?> RunAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> RunsAsync(string? repository, int limit, CancellationToken cancellationToken);

    /// <summary>Runs not completed, oldest first: what a restarted server resumes.</summary>
    Task<IReadOnlyList<RunRecord>> UnfinishedRunsAsync(CancellationToken cancellationToken);

    /// <summary>The run's events with a sequence number above <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<RunEvent>> RunEventsAsync(long runId, long afterSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the run is cancelled (once), as a run event; false when it had already finished or was cancelled.
    /// Its jobs are asked to stop by the coordinator, which replays the event and cancels each leg (<see cref="RequestJobCancelAsync"/>).
    /// </summary>
    Task<bool> CancelRunAsync(long runId, CancellationToken cancellationToken);

    /// <summary>Completes the run with its conclusion and, when given, why (<see cref="RunRecord.Detail"/>).</summary>
    Task FinishRunAsync(long runId, string conclusion, DateTimeOffset now, CancellationToken cancellationToken, string? detail = null);

    /// <summary>
    /// Records what a calling leg's <c>uses:</c> located, as a <c>call</c> run event: the called workflow's file and
    /// text, or (when <paramref name="text"/> is null) the problem in <paramref name="fileOrProblem"/>. False, and
    /// nothing recorded, when the run has a call event for the leg already (a restarted server replaying the run).
    /// </summary>
    Task<bool> RecordCallAsync(long runId, string legKey, string fileOrProblem, string? text, CancellationToken cancellationToken);

    // Concurrency groups (per repository, names compared without regard to case)
    /// <summary>
    /// Puts a run or leg in its concurrency group in one transaction, so that two at once cannot both hold it: it holds
    /// a free group (a <c>group</c> run event <c>admitted</c> in its run), or waits (<c>pending</c>: a run's status and
    /// detail say so, a leg's <see cref="ConcurrencyClaim.WaitingJob"/> is stored as a <c>pending</c> job). A member
    /// that waited before it is cancelled, and with <see cref="ConcurrencyClaim.CancelInProgress"/> the holder too: a run
    /// gets a <c>cancel</c> event with the reason as its detail, a leg a <c>group</c> event <c>cancelled</c> with the reason.
    /// Entering again changes nothing (a restarted server replays its runs).
    /// </summary>
    Task<ConcurrencyEntry> EnterConcurrencyGroupAsync(ConcurrencyClaim claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The run or leg finished or ended while it waited: it leaves its group, and when it held it, the member waiting
    /// takes it (a <c>group</c> event <c>admitted</c> in its run). Returns the runs whose events changed. Leaving twice,
    /// or without a group, changes nothing.
    /// </summary>
    Task<IReadOnlyList<long>> LeaveConcurrencyGroupAsync(long runId, string legKey, CancellationToken cancellationToken);

    /// <summary>The members of the repository's group, in the order they entered, whatever their state.</summary>
    Task<IReadOnlyList<ConcurrencyMemberRow>> ConcurrencyGroupAsync(long repositoryId, string group, CancellationToken cancellationToken);

    // Jobs
    /// <summary>
    /// Queues jobs, or records ones that end without running, in one transaction; a key the run has already is left as
    /// it is (the same decisions are made again when a restarted server replays a run).
    /// </summary>
    Task QueueJobsAsync(IReadOnlyList<NewJob> jobs, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// A leg that ends without a job to run (a call that cannot start): recorded as a completed job and, when it is
    /// new, as a run event in the same transaction; false when the run had it already.
    /// </summary>
    Task<bool> EndLegWithoutRunningAsync(NewJob job, string conclusion, string outputsJson, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobRow>> JobsAsync(long runId, CancellationToken cancellationToken);

    Task<JobRow?> JobAsync(long jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AttemptRow>> AttemptsAsync(long runId, CancellationToken cancellationToken);

    /// <summary>Queued jobs, oldest first (what waits, and for which labels).</summary>
    Task<IReadOnlyList<JobRow>> QueuedJobsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the oldest queued job that <paramref name="canRun"/> accepts to the agent, as a new attempt under a lease
    /// until <paramref name="leaseUntil"/>; null when none waits.
    /// </summary>
    Task<JobClaim?> ClaimJobAsync(long agentId, Func<JobRow, bool> canRun, byte[] leaseTokenHash, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends the lease of the attempt; the job's row tells whether it was cancelled meanwhile (null when superseded).</summary>
    Task<JobRow?> RenewLeaseAsync(long jobId, int attempt, byte[] leaseTokenHash, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Stores the attempt's log entries; an entry already stored (same attempt and sequence number) is not stored twice.</summary>
    Task<FenceResult> AppendLogsAsync(long jobId, int attempt, byte[] leaseTokenHash, IReadOnlyList<LogEntryRow> entries, CancellationToken cancellationToken);

    /// <summary>Completes the attempt and, in the same transaction, records the leg's end as a run event.</summary>
    Task<FenceResult> CompleteJobAsync(long jobId, int attempt, byte[] leaseTokenHash, JobOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a running attempt that will not complete (its lease expired, its agent said it cannot run it): the job is
    /// queued again for a new attempt, or, past <paramref name="maxAttempts"/>, completed as failed (and recorded as a run event).
    /// </summary>
    Task<bool> AbandonAttemptAsync(long jobId, int attempt, string outcome, string reason, int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobRow>> ExpiredLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task RequestJobCancelAsync(long jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Log lines of a run with an id above <paramref name="afterId"/>, in order.</summary>
    Task<IReadOnlyList<LogRow>> LogsAsync(long runId, long afterId, string? jobKey, int limit, CancellationToken cancellationToken);

    // Agents
    Task<AgentRow> RegisterAgentAsync(string name, IReadOnlyList<string> labels, byte[] credentialHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task<AgentRow?> AgentByCredentialAsync(byte[] credentialHash, CancellationToken cancellationToken);

    Task TouchAgentAsync(long agentId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentRow>> AgentsAsync(CancellationToken cancellationToken);

    // Tokens, secrets, audit
    Task<TokenRow> AddTokenAsync(string prefix, byte[] hash, string scope, IReadOnlyList<string> repositories, string createdBy, string? description, DateTimeOffset now, CancellationToken cancellationToken);

    Task<TokenRow?> TokenByHashAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>Marks a one-time token used; false when it was used already (two agents racing with one registration token).</summary>
    Task<bool> UseTokenOnceAsync(long tokenId, DateTimeOffset now, CancellationToken cancellationToken);

    Task SetSecretAsync(long repositoryId, string name, byte[] sealedValue, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<SecretRow>> SecretsAsync(long repositoryId, CancellationToken cancellationToken);

    Task AuditAsync(string actor, string? source, string action, string target, string? detail, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRow>> AuditLogAsync(int limit, CancellationToken cancellationToken);

    // Triggers
    /// <summary>Remembers a webhook delivery id; false when it was seen before (a redelivery).</summary>
    Task<bool> RecordDeliveryAsync(long repositoryId, string deliveryId, string outcome, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks a schedule slot fired; false when it was fired before (so each slot fires once, across restarts).</summary>
    Task<bool> FireScheduleSlotAsync(long repositoryId, string workflowFile, string cron, DateTimeOffset slot, CancellationToken cancellationToken);

    Task<DateTimeOffset?> LastScheduleSlotAsync(long repositoryId, string workflowFile, string cron, CancellationToken cancellationToken);

    // Caches
    /// <summary>
    /// Records a saved cache entry, last used now; null when the repository has an entry of that scope, key and version
    /// already (entries are immutable: the first save wins, as on GitHub).
    /// </summary>
    Task<CacheEntryRow?> AddCacheEntryAsync(NewCacheEntry entry, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// GitHub's lookup, among the repository's entries of <paramref name="version"/>: for each scope in order (the run's
    /// ref first, then its base branch and the default branch), the entry of exactly <paramref name="key"/>, else the
    /// newest whose key starts with <paramref name="key"/>, else with each restore key in turn. Null when none matches.
    /// </summary>
    Task<CacheEntryRow?> FindCacheEntryAsync(long repositoryId, IReadOnlyList<string> scopes, string key, IReadOnlyList<string> restoreKeys, string version, CancellationToken cancellationToken);

    Task<CacheEntryRow?> CacheEntryAsync(long id, CancellationToken cancellationToken);

    /// <summary>Marks the entry used (a restore), which keeps it from age and size eviction longer.</summary>
    Task TouchCacheEntryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The repository's entries, most recently used first.</summary>
    Task<IReadOnlyList<CacheEntryRow>> CacheEntriesAsync(long repositoryId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes, in one transaction, the entries not used since <paramref name="unusedSince"/>, then in each repository
    /// the least recently used until its entries take no more than <paramref name="maxBytesPerRepository"/>; returns
    /// the removed entries, whose archives the caller deletes.
    /// </summary>
    Task<IReadOnlyList<CacheEntryRow>> RemoveStaleCacheEntriesAsync(DateTimeOffset unusedSince, long maxBytesPerRepository, CancellationToken cancellationToken);

    // Retention of run blobs
    /// <summary>Runs that finished before <paramref name="finishedBefore"/> whose blobs of this kind are not expired yet, oldest first.</summary>
    Task<IReadOnlyList<long>> RunsToExpireAsync(RunBlobKind kind, DateTimeOffset finishedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Records the runs' blobs of this kind as expired; for logs, their lines are deleted in the same transaction.</summary>
    Task ExpireRunBlobsAsync(RunBlobKind kind, IReadOnlyList<long> runIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the run's blobs of this kind were expired, or null while they are kept.</summary>
    Task<DateTimeOffset?> RunBlobsExpiredAtAsync(long runId, RunBlobKind kind, CancellationToken cancellationToken);
}

/// <summary>A log entry as the agent numbered it.</summary>
/// <param name="At">When the agent saw the line; null when it did not say.</param>
public sealed record LogEntryRow(long Seq, string Kind, string? Step, string Text, string? Level, DateTimeOffset? At = null);

/// <summary>How an attempt ended, as the run's state machine needs it (conclusion and outputs) and as people read it (steps).</summary>
public sealed record JobOutcome(string Conclusion, string OutputsJson, string StepsJson);
