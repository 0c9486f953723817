using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Agents;

/// <summary>What an agent is sent for the job it claimed: the run's contexts, the leg's matrix, strategy and needs, and the secrets the run may have; for a job of a called workflow, the call's workflow, inputs and secrets.</summary>
public static class Assignments
{
    public static async Task<JobAssignment> ForAsync(ServerState server, JobClaim claim, string leaseToken, CancellationToken cancellationToken)
    {
        var (job, run) = (claim.Job, claim.Run);
        var (github, inputs, vars) = RunContextJson.Read(run.ContextJson);
        RunIdentity.Apply(github, run);
        using var payload = JsonDocument.Parse(job.PayloadJson);
        var root = payload.RootElement;
        var call = LegPayload.Call(root);
        Dictionary<string, string> secrets;
        if (call is null)
        {
            secrets = await RunSecrets.OpenAsync(server.Store, server.Secrets, run, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A job of a called workflow gets the secrets its caller passed, and no other, as on GitHub.
            inputs = call.Inputs;
            secrets = call.SealedSecrets.ToDictionary(s => s.Key, s => server.Secrets.Open(run.Repository, s.Key, s.Value), StringComparer.Ordinal);
        }

        if (LegPayload.Environment(root) is { } environment)
        {
            await Deployments.EnvironmentContexts.AddAsync(server.Store, server.Secrets, run, environment, secrets, vars, cancellationToken).ConfigureAwait(false);
            await Deployments.DeploymentStarts.MarkAsync(server.Store, run.Id, job.Key, server.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        return new JobAssignment(
            job.Id,
            job.Attempt,
            leaseToken,
            (int)server.Options.Lease.TotalSeconds,
            run.Id,
            run.Repository,
            run.Sha,
            call?.File ?? run.WorkflowFile,
            job.JobName,
            job.Key,
            job.DisplayName,
            Element(RunContextJson.ToJson(github)),
            root.GetProperty("matrix").Clone(),
            root.GetProperty("strategy").Clone(),
            root.GetProperty("needs").Clone(),
            Element(RunContextJson.ToJson(inputs)),
            Element(RunContextJson.ToJson(vars)),
            secrets,
            job.StartCancelled,
            call?.Text ?? run.WorkflowText);
    }

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
