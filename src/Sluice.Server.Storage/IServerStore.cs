using Sluice.Quality.History;

namespace Sluice.Server.Storage;

/// <summary>
/// Everything the server keeps, behind one contract that each provider (SQLite and PostgreSQL) implements and
/// proves with the same compliance suite. Writes that belong together are one transaction inside one method, and the
/// writes about a running job are fenced by its attempt and lease token hash, so that an agent whose lease was given
/// to another can change nothing.
/// </summary>
public interface IServerStore : IAsyncDisposable
{
    /// <summary>
    /// One cheap round trip to the database, not retried: returns when it answers, else a <see cref="StoreException"/>
    /// with <see cref="StoreException.Unavailable"/> set that says why. What <c>/readyz</c> asks.
    /// </summary>
    Task PingAsync(CancellationToken cancellationToken);

    // Repositories
    Task<RepositoryRecord> AddRepositoryAsync(string name, string url, int? pollSeconds, byte[]? webhookSecret, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RepositoryRecord?> RepositoryAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RepositoryRecord>> RepositoriesAsync(CancellationToken cancellationToken);

    Task SetRepositoryPolledAsync(long repositoryId, string? defaultBranch, string? sha, CancellationToken cancellationToken);

    // Runs
    Task<RunRecord> CreateRunAsync(NewRun run, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RunRecord?> RunAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> RunsAsync(string? repository, int limit, CancellationToken cancellationToken);

    /// <summary>The runs the query selects, newest first (highest id first), at most <see cref="RunQuery.Limit"/>.</summary>
    Task<IReadOnlyList<RunRecord>> RunsAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>The refs, workflow names and events of the repository's runs, each once, most recently used first, at most <paramref name="limit"/> of each.</summary>
    Task<RunFacets> RunFacetsAsync(long repositoryId, int limit, CancellationToken cancellationToken);

    /// <summary>Runs not completed, oldest first: what a restarted server resumes.</summary>
    Task<IReadOnlyList<RunRecord>> UnfinishedRunsAsync(CancellationToken cancellationToken);

    /// <summary>The run's events with a sequence number above <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<RunEvent>> RunEventsAsync(long runId, long afterSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the run is cancelled (once), as a run event; false when it had already finished or was cancelled.
    /// Its jobs are asked to stop by the coordinator, which replays the event and cancels each leg (<see cref="RequestJobCancelAsync"/>).
    /// </summary>
    Task<bool> CancelRunAsync(long runId, CancellationToken cancellationToken);

    /// <summary>
    /// Completes the run with its conclusion and, when given, why (<see cref="RunRecord.Detail"/>). False when the run
    /// was already completed (by another server, or before): the first conclusion stands, and only one caller may say the run ended.
    /// </summary>
    Task<bool> FinishRunAsync(long runId, string conclusion, DateTimeOffset now, CancellationToken cancellationToken, string? detail = null);

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
    /// until <paramref name="leaseUntil"/>; null when none waits, or when the agent is disabled or removed (checked in
    /// the same transaction, so a claim already waiting when the agent is removed gets nothing).
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

    /// <summary>
    /// Log lines of a run with an id above <paramref name="afterId"/> and at most <paramref name="throughId"/>, in order:
    /// a part of a log, read beside its other parts.
    /// </summary>
    Task<IReadOnlyList<LogRow>> LogsAsync(long runId, long afterId, long throughId, string? jobKey, int limit, CancellationToken cancellationToken);

    /// <summary>The largest id of the run's log lines (of one job when <paramref name="jobKey"/> is given), 0 when it has none.</summary>
    Task<long> LastLogIdAsync(long runId, string? jobKey, CancellationToken cancellationToken);

    /// <summary>
    /// The run's log entries of kind <c>step</c>, <c>step-end</c> and <c>annotation</c> (of every attempt), in order, of
    /// one job when <paramref name="jobKey"/> is given: what the steps and annotations of a run are read from, without its lines.
    /// </summary>
    Task<IReadOnlyList<LogRow>> LogMarksAsync(long runId, string? jobKey, int limit, CancellationToken cancellationToken);

    // Agents
    Task<AgentRow> RegisterAgentAsync(string name, IReadOnlyList<string> labels, byte[] credentialHash, string? credentialPrefix, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The agent whose credential has this hash, removed ones included (so that a removed agent can be told so); null when none.</summary>
    Task<AgentRow?> AgentByCredentialAsync(byte[] credentialHash, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the agent: its credential opens nothing from now on and it is no longer listed; false when it was removed
    /// already or never was. The jobs it holds are the caller's to re-queue (<see cref="JobsHeldByAsync"/>).
    /// </summary>
    Task<bool> RemoveAgentAsync(long agentId, CancellationToken cancellationToken);

    /// <summary>A disabled agent keeps the job it runs and is given no new one (<see cref="ClaimJobAsync"/>); false when no such agent is listed.</summary>
    Task<bool> SetAgentDisabledAsync(long agentId, bool disabled, CancellationToken cancellationToken);

    /// <summary>The jobs running under the agent's leases.</summary>
    Task<IReadOnlyList<JobRow>> JobsHeldByAsync(long agentId, CancellationToken cancellationToken);

    /// <summary>
    /// The agent was heard from at <paramref name="now"/> (its last-seen time never moves back: replicas write it, each
    /// at a bounded rate), running <paramref name="version"/> of sluice when it says so (null keeps the one stored).
    /// </summary>
    Task TouchAgentAsync(long agentId, DateTimeOffset now, string? version, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentRow>> AgentsAsync(CancellationToken cancellationToken);

    // Tokens, secrets, audit
    Task<TokenRow> AddTokenAsync(string prefix, byte[] hash, string scope, IReadOnlyList<string> repositories, string createdBy, string? description, string? owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The token with this hash unless it was revoked; an expired one too, so that the server can say it expired.</summary>
    Task<TokenRow?> TokenByHashAsync(byte[] hash, CancellationToken cancellationToken);

    /// <summary>Every token, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<TokenRow>> TokensAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the token from now on; false when it was revoked already or never was.</summary>
    Task<bool> RevokeTokenAsync(long tokenId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks a one-time token used; false when it was used already (two agents racing with one registration token).</summary>
    Task<bool> UseTokenOnceAsync(long tokenId, DateTimeOffset now, CancellationToken cancellationToken);

    Task SetSecretAsync(long repositoryId, string name, byte[] sealedValue, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<SecretRow>> SecretsAsync(long repositoryId, CancellationToken cancellationToken);

    Task AuditAsync(string actor, string? source, string action, string target, string? detail, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRow>> AuditLogAsync(int limit, CancellationToken cancellationToken);

    // Administration: what people change after the fact
    /// <summary>Adds a token that stops opening anything at <paramref name="expiresAt"/> (null: it does not expire).</summary>
    Task<TokenRow> AddTokenAsync(string prefix, byte[] hash, string scope, IReadOnlyList<string> repositories, string createdBy, string? description, string? owner, DateTimeOffset? expiresAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes the repository's secret; false when it has none of that name (names are compared exactly).</summary>
    Task<bool> DeleteSecretAsync(long repositoryId, string name, CancellationToken cancellationToken);

    /// <summary>Changes what <paramref name="change"/> gives and keeps the rest; null when no such repository.</summary>
    Task<RepositoryRecord?> EditRepositoryAsync(long repositoryId, RepositoryChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the repository and everything of it in one transaction (runs, their events, jobs, attempts, logs and
    /// summaries, secrets, concurrency rows, cache entries, quality history, deliveries, schedule slots), unless it has
    /// runs not completed: then nothing changes and <see cref="RemovalOutcome.Busy"/> names them. A repository added
    /// later under the same name starts clean (new id, run numbers from 1).
    /// </summary>
    Task<RepositoryRemoval> RemoveRepositoryAsync(long repositoryId, CancellationToken cancellationToken);

    /// <summary>Deletes the repository's cache entries of exactly <paramref name="key"/>, in one ref (scope) or all when null; returns them, oldest first, so the caller deletes their archives.</summary>
    Task<IReadOnlyList<CacheEntryRow>> DeleteCacheEntriesAsync(long repositoryId, string key, string? scope, CancellationToken cancellationToken);

    /// <summary>Deletes one cache entry of the repository; null when it has no entry of that id.</summary>
    Task<CacheEntryRow?> DeleteCacheEntryAsync(long repositoryId, long id, CancellationToken cancellationToken);

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
    // Quality history: what `sluice gate` records and judges against, per repository (the branch is part of each run)
    /// <summary>
    /// Records a gate run of the repository with its tests, coverage and benchmarks in one transaction. Run ids grow
    /// in the order runs were recorded, across repositories. A test id or benchmark name given twice is refused.
    /// </summary>
    Task<RunSummary> RecordQualityRunAsync(long repositoryId, NewQualityRun run, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The repository's gate runs, newest first: on a branch, of a tree, or both, up to <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RunSummary>> QualityRunsAsync(long repositoryId, string? branch, string? treeHash, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Recorded results in the repository's runs the query names (runs of other repositories give nothing), ordered by
    /// test id, then run id.
    /// </summary>
    Task<IReadOnlyList<QualityResultRow>> QualityResultsAsync(long repositoryId, QualityResultQuery query, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="limit"/> measurements of a benchmark on a branch of the repository, newest first.</summary>
    Task<IReadOnlyList<BenchmarkPoint>> QualityBenchmarkSeriesAsync(long repositoryId, string name, string branch, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Per test id, the duration in seconds from the latest run of the repository that ran it (skips excluded), on a
    /// branch or any when null; the cases kept as "id #2"... add to "id".
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> QualityDurationsAsync(long repositoryId, string? branch, CancellationToken cancellationToken);

    /// <summary>Quarantines a test of the repository, or updates the reason and who of one already there.</summary>
    Task QuarantineTestAsync(long repositoryId, QuarantineEntry entry, CancellationToken cancellationToken);

    /// <summary>Releases a test from the repository's quarantine; false when it was not there.</summary>
    Task<bool> ReleaseTestAsync(long repositoryId, string testId, CancellationToken cancellationToken);

    /// <summary>The repository's quarantine list, ordered by test id.</summary>
    Task<IReadOnlyList<QuarantineEntry>> QuarantineAsync(long repositoryId, CancellationToken cancellationToken);

    // Insights
    /// <summary>
    /// The repository's figures per UTC day of the query's period, every day present (zeros and nulls when nothing
    /// happened): runs created and how they ended, run durations and job queue waits at the 50th and 95th percentiles
    /// (nearest rank), quality runs and those with a flaky test; and over the period, the ten tests slowest on average
    /// and the ten that failed most (skips left out of both).
    /// </summary>
    Task<RepositoryInsights> InsightsAsync(long repositoryId, InsightsQuery query, CancellationToken cancellationToken);

    // Gate reports and what the dashboard reads of quality history
    /// <summary>
    /// Keeps what the attempt's <c>sluice gate</c> judged (<paramref name="document"/>, JSON kept as text), replacing
    /// what the attempt sent before; fenced like the logs. <paramref name="qualityRunId"/>, when given, must be a
    /// quality run this attempt recorded, else a <see cref="StoreException"/> says so and nothing changes.
    /// </summary>
    Task<FenceResult> SaveGateReportAsync(long jobId, int attempt, byte[] leaseTokenHash, long? qualityRunId, string document, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The gate reports of every attempt of the run's jobs, by job id, then attempt.</summary>
    Task<IReadOnlyList<GateReportRow>> GateReportsAsync(long runId, CancellationToken cancellationToken);

    /// <summary>
    /// The test results of the quality runs the run's jobs recorded, of each job's latest attempt that recorded one,
    /// by job id, then test id.
    /// </summary>
    Task<IReadOnlyList<RunQualityTestRow>> RunQualityTestsAsync(long runId, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="limit"/> recorded results of one test of the repository, on a branch or any when null, newest first.</summary>
    Task<IReadOnlyList<TestHistoryRow>> QualityTestHistoryAsync(long repositoryId, string testId, string? branch, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The latest <paramref name="perBenchmark"/> measurements of each benchmark on a branch of the repository, by
    /// benchmark name, each oldest first.
    /// </summary>
    Task<IReadOnlyList<BenchmarkHistoryRow>> QualityBenchmarksAsync(long repositoryId, string branch, int perBenchmark, CancellationToken cancellationToken);

    // Environments (per repository, names compared without regard to case) and their secrets and variables
    /// <summary>Creates the environment, or changes the protection rules of the one of that name (its name's case stays as first written).</summary>
    Task<EnvironmentRow> SetEnvironmentAsync(long repositoryId, EnvironmentSettings settings, DateTimeOffset now, CancellationToken cancellationToken);

    Task<EnvironmentRow?> EnvironmentAsync(long repositoryId, string name, CancellationToken cancellationToken);

    /// <summary>The repository's environments, by name.</summary>
    Task<IReadOnlyList<EnvironmentRow>> EnvironmentsAsync(long repositoryId, CancellationToken cancellationToken);

    /// <summary>Deletes the environment with its secrets and variables (its deployments stay on record); false when there is none of that name.</summary>
    Task<bool> DeleteEnvironmentAsync(long repositoryId, string name, CancellationToken cancellationToken);

    Task SetEnvironmentSecretAsync(long environmentId, string name, byte[] sealedValue, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteEnvironmentSecretAsync(long environmentId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<SecretRow>> EnvironmentSecretsAsync(long environmentId, CancellationToken cancellationToken);

    Task SetEnvironmentVariableAsync(long environmentId, string name, string value, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteEnvironmentVariableAsync(long environmentId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<EnvironmentVariableRow>> EnvironmentVariablesAsync(long environmentId, CancellationToken cancellationToken);

    // Deployments
    /// <summary>Records a deployment of a run's leg; when the leg has one already (a restarted server replaying the run), that one is returned unchanged.</summary>
    Task<DeploymentRow> CreateDeploymentAsync(NewDeployment deployment, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeploymentRow?> DeploymentAsync(long id, CancellationToken cancellationToken);

    Task<DeploymentRow?> DeploymentOfLegAsync(long runId, string jobKey, CancellationToken cancellationToken);

    /// <summary>The deployments the query selects, newest first.</summary>
    Task<IReadOnlyList<DeploymentRow>> DeploymentsAsync(DeploymentQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the deployment when its status is one of <see cref="DeploymentChange.From"/>, and with
    /// <see cref="DeploymentChange.VerifiedConclusion"/> records its leg's <c>verified</c> run event in the same
    /// transaction; null (and nothing changed) when its status was another.
    /// </summary>
    Task<DeploymentRow?> ChangeDeploymentAsync(long id, DeploymentChange change, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// A reviewer's answer to a deployment that waits for its reviewers (one approval is enough; one rejection fails
    /// it): an approval makes it queued when its wait timer is over, else it waits for the timer. Not recorded when it
    /// no longer waits for reviewers (approved or rejected already, or not waiting at all).
    /// </summary>
    Task<DeploymentReviewOutcome> ReviewDeploymentAsync(long id, DeploymentReviewRow review, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deployments with something due at <paramref name="now"/>: waiting ones whose wait timer ended and that need no
    /// more approval, and verifying ones whose next health sample is due; oldest first.
    /// </summary>
    Task<IReadOnlyList<DeploymentRow>> DueDeploymentsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The environment's most recently healthy deployment created before <paramref name="beforeId"/> (success or inactive now), or null.</summary>
    Task<DeploymentRow?> LastHealthyDeploymentAsync(long repositoryId, string environment, long beforeId, CancellationToken cancellationToken);

    /// <summary>The environment's successful deployments other than <paramref name="keepId"/> become inactive; returns how many.</summary>
    Task<int> RetireDeploymentsAsync(long repositoryId, string environment, long keepId, CancellationToken cancellationToken);

    /// <summary>Keeps a sample of a deployment's health gate (a second one at the same time is not kept).</summary>
    Task AddDeploymentSampleAsync(DeploymentSampleRow sample, CancellationToken cancellationToken);

    /// <summary>The deployment's latest <paramref name="limit"/> samples, oldest first.</summary>
    Task<IReadOnlyList<DeploymentSampleRow>> DeploymentSamplesAsync(long deploymentId, int limit, CancellationToken cancellationToken);

    /// <summary>A job held back for its environment (<see cref="NewJob.Hold"/>) is queued for the agents; false when it was not held.</summary>
    Task<bool> ReleaseHeldJobAsync(long runId, string jobKey, CancellationToken cancellationToken);

    // Step summaries
    /// <summary>
    /// Keeps what the attempt's steps wrote to <c>$GITHUB_STEP_SUMMARY</c>, in order, replacing what it sent before;
    /// fenced like the logs (only the running attempt with its lease token hash).
    /// </summary>
    Task<FenceResult> SaveJobSummariesAsync(long jobId, int attempt, byte[] leaseTokenHash, IReadOnlyList<string> summaries, CancellationToken cancellationToken);

    /// <summary>The step summaries of every attempt of the run's jobs, by job (in the order they were queued), attempt and step.</summary>
    Task<IReadOnlyList<JobSummaryRow>> RunSummariesAsync(long runId, CancellationToken cancellationToken);
}

/// <summary>A log entry as the agent numbered it.</summary>
/// <param name="At">When the agent saw the line; null when it did not say.</param>
/// <param name="File">An annotation's file, when it named one.</param>
/// <param name="Line">An annotation's line in <paramref name="File"/>.</param>
public sealed record LogEntryRow(long Seq, string Kind, string? Step, string Text, string? Level, DateTimeOffset? At = null, string? File = null, int? Line = null);

/// <summary>How an attempt ended, as the run's state machine needs it (conclusion and outputs) and as people read it (steps).</summary>
public sealed record JobOutcome(string Conclusion, string OutputsJson, string StepsJson);
