namespace Sluice.Protocol;

/// <summary>
/// The variables through which an agent tells a job's steps where the repository's quality history lives: when both
/// are set, <c>sluice gate</c>, <c>flaky</c> and <c>split</c> use the server's history instead of <c>.sluice/history.db</c>.
/// </summary>
public static class HistoryEnvironment
{
    /// <summary>The history routes of the job's attempt: <c>SERVER/api/v1/jobs/JOB/attempts/N/history</c>, one for each of the agent's server URLs, separated by commas.</summary>
    public const string Url = "SLUICE_HISTORY_URL";

    /// <summary>The attempt's lease token (masked in the job's log); good only while the attempt holds its lease.</summary>
    public const string Token = "SLUICE_HISTORY_TOKEN";
}
