using Sluice.Engine.Scheduling;
using Sluice.Protocol;
using Sluice.Server.Repositories;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>
/// Begins the deployment of a leg with an <c>environment</c> as it starts: whether its ref may deploy there (else it
/// fails without running), whether it waits for the environment's reviewers or wait timer, the health gate the default
/// branch declares for the environment, and when the oldest commit it brings was made. A rollback's deployment to the
/// environment it restores waits for nobody; any other deployment of a rollback run follows its environment's rules.
/// </summary>
public sealed class DeploymentOpener(IServerStore store, RepositoryMirror mirror, TimeProvider time, ServerEvents events)
{
    public async Task<DeploymentRow> OpenAsync(RunRecord run, string jobKey, EnvironmentSetting environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(environment);
        if (await store.DeploymentOfLegAsync(run.Id, jobKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var settings = await store.EnvironmentAsync(run.RepositoryId, environment.Name, cancellationToken).ConfigureAwait(false);
        var name = settings?.Name ?? environment.Name;
        var repository = await store.RepositoryAsync(run.Repository, cancellationToken).ConfigureAwait(false);
        var lastHealthy = await store.LastHealthyDeploymentAsync(run.RepositoryId, name, long.MaxValue, cancellationToken).ConfigureAwait(false);
        var commitAt = repository is null ? null : await CommitAtAsync(repository, run.Sha, lastHealthy?.Sha, cancellationToken).ConfigureAwait(false);
        var health = repository is null ? null : await HealthTextAsync(repository, name, cancellationToken).ConfigureAwait(false);

        string status;
        string? detail = null;
        DateTimeOffset? waitUntil = null;
        IReadOnlyList<string> reviewers = [];
        var rolledBack = run.RollbackOf is { } failedId ? await store.DeploymentAsync(failedId, cancellationToken).ConfigureAwait(false) : null;
        var rollback = rolledBack is not null && string.Equals(rolledBack.Environment, name, StringComparison.OrdinalIgnoreCase);
        if (rollback)
        {
            status = DeploymentStatuses.Queued;
            detail = $"Rollback of deployment {run.RollbackOf}: no review or wait timer.";
        }
        else if (settings is not null && !DeployRefs.Allows(settings.DeployRefs, run.Ref))
        {
            status = DeploymentStatuses.Failure;
            detail = $"'{run.Ref}' may not deploy to the environment '{name}': its rules allow {string.Join(", ", settings.DeployRefs.Select(p => $"'{p}'"))}.";
        }
        else if (settings is { } rules && (rules.Reviewers.Count > 0 || rules.WaitTimerSeconds > 0))
        {
            status = DeploymentStatuses.Waiting;
            reviewers = rules.Reviewers;
            waitUntil = rules.WaitTimerSeconds > 0 ? now.AddSeconds(rules.WaitTimerSeconds) : null;
        }
        else
        {
            status = DeploymentStatuses.Queued;
        }

        return await store.CreateDeploymentAsync(
            new NewDeployment(run.RepositoryId, name, run.Id, jobKey, run.Ref, run.Sha, environment.Url, status, detail, run.TriggeredBy, commitAt, rollback ? run.RollbackOf : null, waitUntil, reviewers, health),
            now,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why a held job waits, as its row shows it (the same text each time, so that replaying the run changes nothing).</summary>
    public static string HoldOf(DeploymentRow deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var parts = new List<string>();
        if (deployment.Reviewers.Count > 0)
        {
            parts.Add($"a review by {string.Join(" or ", deployment.Reviewers)}");
        }

        if (deployment.WaitUntil is { } until)
        {
            parts.Add($"the wait timer (until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
        }

        return $"Waiting for {string.Join(" and ", parts)} to deploy to '{deployment.Environment}' (deployment {deployment.Id}).";
    }

    private async Task<DateTimeOffset?> CommitAtAsync(RepositoryRecord repository, string sha, string? since, CancellationToken cancellationToken)
    {
        try
        {
            return await mirror.OldestNewCommitAtAsync(repository, sha, since, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RepositoryException or IOException or InvalidOperationException)
        {
            events.Problem($"the commit time of {sha} in {repository.Name} could not be read (lead time will miss it): {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// The environments file of the default branch's head, when it declares this environment: a gate changed on a
    /// branch has no effect until it is reviewed and merged.
    /// </summary>
    private async Task<string?> HealthTextAsync(RepositoryRecord repository, string environment, CancellationToken cancellationToken)
    {
        try
        {
            var branch = repository.DefaultBranch ?? "main";
            var head = await mirror.ResolveAsync(repository, "refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
            var text = head is null ? null : await mirror.FileAtAsync(repository, head, HealthGates.File, cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                return null;
            }

            return HealthGates.Declares(text, environment, out var problem) ? text : Report(problem);
        }
        catch (Exception ex) when (ex is RepositoryException or IOException or InvalidOperationException)
        {
            return Report($"{HealthGates.File} of {repository.Name} could not be read: {ex.Message}");
        }

        string? Report(string? problem)
        {
            if (problem is not null)
            {
                events.Problem($"the deployment to '{environment}' has no health gate: {problem}");
            }

            return null;
        }
    }
}
