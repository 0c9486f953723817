using Sluice.Server.Runs;
using Sluice.Server.Storage;
using Sluice.Triggers.Schedules;
using Sluice.Workflows;

namespace Sluice.Server.Triggers;

/// <summary>
/// <c>on.schedule</c>: each round reads the workflows of each repository's default branch and starts the runs whose
/// cron slots came since the last slot fired. A slot is marked fired in storage before its run starts, under a unique
/// key, so each fires once even across restarts; after downtime only the latest missed slot of each entry fires, as
/// GitHub does. The first time a schedule is seen, the current time is stored as its start, so nothing earlier fires.
/// </summary>
public sealed class ScheduleLoop(ServerState server)
{
    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = server.Time.GetUtcNow();
        foreach (var repository in await server.Store.RepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            var branch = repository.DefaultBranch ?? "main";
            if (!Directory.Exists(server.Mirror.PathOf(repository)))
            {
                // A replica started on an empty data folder: its copy of the repository is made here (or at the next round).
                try
                {
                    await server.Mirror.FetchAsync(repository, cancellationToken).ConfigureAwait(false);
                }
                catch (Repositories.RepositoryException)
                {
                    continue;
                }
            }

            var sha = await server.Mirror.ResolveAsync(repository, "refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
            if (sha is null)
            {
                continue;
            }

            foreach (var (file, text) in await server.Mirror.WorkflowsAsync(repository, sha, cancellationToken).ConfigureAwait(false))
            {
                var read = new WorkflowReader().Read(file, text);
                if (!read.IsValid || read.Workflow!.FindEvent("schedule") is null)
                {
                    continue;
                }

                foreach (var schedule in WorkflowSchedules.Read(read.Workflow).Schedules)
                {
                    await FireDueAsync(repository, branch, sha, file, schedule, now, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task FireDueAsync(RepositoryRecord repository, string branch, string sha, string file, CronSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = await server.Store.LastScheduleSlotAsync(repository.Id, file, schedule.Text, cancellationToken).ConfigureAwait(false);
        if (last is null)
        {
            await server.Store.FireScheduleSlotAsync(repository.Id, file, schedule.Text, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var slot in ScheduleSlots.Due([schedule], last.Value, now))
        {
            if (!await server.Store.FireScheduleSlotAsync(repository.Id, file, slot.Cron, slot.SlotUtc, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var trigger = RunTrigger.From(slot.ToTriggerEvent(branch, sha), "schedule", workflow: file);
            await server.Starter.StartAsync(repository, trigger, cancellationToken).ConfigureAwait(false);
            await server.Store.AuditAsync("schedule", null, "run.trigger", repository.Name, $"schedule '{slot.Cron}' at {slot.SlotUtc:u} for {file}", now, cancellationToken).ConfigureAwait(false);
        }
    }
}
