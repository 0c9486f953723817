using Sluice.Protocol;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>
/// After a deployment breached its health gate: the environment's last healthy deployment is deployed again (a re-run
/// of its run in which its deploy job, and what needs it, runs again at its commit with its inputs), or the rollback
/// workflow the environments file names is started at the default branch with the commit to restore as an input. The
/// rollback is a deployment too, recorded as one. A rollback that breaches is not rolled back again: it stops there and
/// raises the alarm.
/// </summary>
public sealed class Rollbacks(ServerState server)
{
    public async Task<string> StartAsync(DeploymentRow failed, string? rollbackWorkflow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var now = server.Time.GetUtcNow();
        if (failed.RollbackOf is { } original)
        {
            return await AlarmAsync(failed, $"the rollback (deployment {failed.Id}) of deployment {original} breached its health gate too; nothing more is rolled back: the environment '{failed.Environment}' needs a person", now, cancellationToken).ConfigureAwait(false);
        }

        var healthy = await server.Store.LastHealthyDeploymentAsync(failed.RepositoryId, failed.Environment, failed.Id, cancellationToken).ConfigureAwait(false);
        if (healthy is null)
        {
            return await AlarmAsync(failed, $"deployment {failed.Id} breached its health gate and the environment '{failed.Environment}' has no earlier healthy deployment to roll back to", now, cancellationToken).ConfigureAwait(false);
        }

        var run = await server.Store.RunAsync(healthy.RunId, cancellationToken).ConfigureAwait(false);
        var repository = await server.Store.RepositoryAsync(failed.Repository, cancellationToken).ConfigureAwait(false);
        if (run is null || repository is null)
        {
            return await AlarmAsync(failed, $"the run of deployment {healthy.Id} is gone: nothing to roll back to", now, cancellationToken).ConfigureAwait(false);
        }

        var actor = $"sluice (rollback of deployment {failed.Id})";
        if (rollbackWorkflow is not null)
        {
            var branch = repository.DefaultBranch ?? "main";
            var head = await server.Mirror.ResolveAsync(repository, "refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return await AlarmAsync(failed, $"the rollback workflow {rollbackWorkflow} could not start: no branch {branch}", now, cancellationToken).ConfigureAwait(false);
            }

            var inputs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["environment"] = failed.Environment,
                ["sha"] = healthy.Sha,
                ["deployment"] = failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var trigger = new RunTrigger("workflow_dispatch", "refs/heads/" + branch, head, null, null, null, null, inputs, actor, true, rollbackWorkflow) { RollbackOf = failed.Id };
            var (runs, message) = await server.Starter.StartAsync(repository, trigger, cancellationToken).ConfigureAwait(false);
            if (runs.Count == 0)
            {
                return await AlarmAsync(failed, $"the rollback workflow {rollbackWorkflow} could not start: {message}", now, cancellationToken).ConfigureAwait(false);
            }

            return await NoteAsync(failed, $"Rolling back: run {runs[0].Id} of {rollbackWorkflow} restores {DeploymentOutcomes.Short(healthy.Sha)} (deployment {healthy.Id}).", now, cancellationToken).ConfigureAwait(false);
        }

        var again = await server.Store.CreateRunAsync(
            new NewRun(run.RepositoryId, run.WorkflowName, run.WorkflowFile, run.WorkflowText, run.Event, run.Ref, run.Sha, run.ContextJson, actor, run.SecretsAllowed, RerunOf: run.Id, RollbackOf: failed.Id),
            now,
            cancellationToken).ConfigureAwait(false);
        await server.Coordinator.AdvanceAsync(again.Id, cancellationToken).ConfigureAwait(false);
        server.RunSignal.Pulse();
        return await NoteAsync(failed, $"Rolling back: run {again.Id} deploys {DeploymentOutcomes.Short(healthy.Sha)} again (deployment {healthy.Id}).", now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> NoteAsync(DeploymentRow failed, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await server.Store.AuditAsync("server", null, "deployment.rollback", $"{failed.Repository}/{failed.Environment} deployment {failed.Id}", note, now, cancellationToken).ConfigureAwait(false);
        return note;
    }

    private async Task<string> AlarmAsync(DeploymentRow failed, string alarm, DateTimeOffset now, CancellationToken cancellationToken)
    {
        server.Events.DeploymentAlarm(failed.Repository, failed.Environment, failed.Id, alarm);
        await server.Store.AuditAsync("server", null, "deployment.alarm", $"{failed.Repository}/{failed.Environment} deployment {failed.Id}", alarm, now, cancellationToken).ConfigureAwait(false);
        return "Not rolled back: " + alarm + ".";
    }
}
