using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Agents;

/// <summary>What an agent is sent for the job it claimed: the run's contexts, the leg's matrix, strategy and needs, and the secrets the run may have.</summary>
public static class Assignments
{
    public static async Task<JobAssignment> ForAsync(ServerState server, JobClaim claim, string leaseToken, CancellationToken cancellationToken)
    {
        var (job, run) = (claim.Job, claim.Run);
        var (github, inputs, vars) = RunContextJson.Read(run.ContextJson);
        RunIdentity.Apply(github, run);
        using var payload = JsonDocument.Parse(job.PayloadJson);
        var root = payload.RootElement;
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.SecretsAllowed)
        {
            foreach (var row in await server.Store.SecretsAsync(run.RepositoryId, cancellationToken).ConfigureAwait(false))
            {
                secrets[row.Name] = server.Secrets.Open(run.Repository, row.Name, row.Sealed);
            }
        }

        return new JobAssignment(
            job.Id,
            job.Attempt,
            leaseToken,
            (int)server.Options.Lease.TotalSeconds,
            run.Id,
            run.Repository,
            run.Sha,
            run.WorkflowFile,
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
            run.WorkflowText);
    }

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
