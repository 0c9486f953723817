using System.Text.Json.Nodes;

namespace Sluice.Triggers.Schedules;

/// <summary>
/// One firing of one <c>on.schedule</c> entry: the server records (workflow, <see cref="Cron"/>, <see cref="SlotUtc"/>)
/// under a unique key before it starts the run, so a slot fires exactly once even when the server restarts.
/// </summary>
/// <param name="Cron">The entry's text as written in the workflow.</param>
/// <param name="SlotUtc">The minute the entry names, in UTC (seconds are zero), not the moment it was noticed.</param>
public readonly record struct ScheduleSlot(string Cron, DateTimeOffset SlotUtc)
{
    /// <summary>
    /// The <c>schedule</c> event this slot starts: as on GitHub, on the latest commit of the default branch, with
    /// <c>github.event.schedule</c> set to the entry that fired (so one workflow can tell its entries apart).
    /// </summary>
    /// <param name="defaultBranch">The repository's default branch, a name such as <c>main</c>.</param>
    /// <param name="sha">Its latest commit.</param>
    public TriggerEvent ToTriggerEvent(string defaultBranch, string sha)
    {
        ArgumentException.ThrowIfNullOrEmpty(defaultBranch);
        ArgumentException.ThrowIfNullOrEmpty(sha);
        var reference = "refs/heads/" + defaultBranch;
        return new TriggerEvent
        {
            Name = "schedule",
            Ref = reference,
            Sha = sha.ToLowerInvariant(),
            FetchRef = reference,
            DefaultBranch = defaultBranch,
            PayloadJson = new JsonObject { ["schedule"] = Cron }.ToJsonString(),
        };
    }
}
