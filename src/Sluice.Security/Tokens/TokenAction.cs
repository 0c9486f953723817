namespace Sluice.Security.Tokens;

/// <summary>What a request asks to do, as far as tokens are concerned; <see cref="TokenPolicy"/> says who may.</summary>
public enum TokenAction
{
    // Read: anything that shows, changes nothing.

    /// <summary>List repositories (no repository: the server shows only those the token covers) or show one.</summary>
    ViewRepositories,

    /// <summary>List runs and jobs (no repository: the server shows only those of covered repositories) or show one.</summary>
    ViewRuns,

    /// <summary>Read a run's logs and step summaries.</summary>
    ViewLogs,

    /// <summary>Download a run's artifacts.</summary>
    DownloadArtifacts,

    /// <summary>Read a repository's quality history: test results, flaky tests, benchmark trends.</summary>
    ViewQualityHistory,

    /// <summary>List the agents and what they are doing.</summary>
    ViewAgents,

    // Trigger: starts and stops work.

    TriggerRun,
    CancelRun,
    RerunRun,

    /// <summary>Approve a job waiting for an environment's approval, or a run from a fork.</summary>
    ApproveRun,

    // Admin: changes what the server holds.

    /// <summary>Change or remove a repository; with no repository, add one.</summary>
    ManageRepositories,

    ManageSecrets,

    /// <summary>Create, list and revoke tokens. Concerns the whole server.</summary>
    ManageTokens,

    /// <summary>Disable or remove agents. Concerns the whole server.</summary>
    ManageAgents,

    /// <summary>Read the audit log. Concerns the whole server.</summary>
    ViewAudit,

    // Agents.

    /// <summary>Exchange a one-time registration token for an agent credential.</summary>
    RegisterAgent,

    /// <summary>Wait for and claim a job (the server offers only jobs of repositories the credential covers).</summary>
    ClaimJob,

    /// <summary>Everything an agent does for a job it holds: renew its lease, send logs, results, outputs, artifacts, caches.</summary>
    WorkOnJob,

    // Trigger, added later (kept last so that the values before keep their numbers).

    /// <summary>Quarantine a test of a repository (it still runs, and no longer fails the gate), or release it.</summary>
    QuarantineTests,
}
