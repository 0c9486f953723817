using Sluice.Security.Secrets;
using Sluice.Server.Storage;

namespace Sluice.Server.Runs;

/// <summary>The repository's secrets as a run may have them: all of them, or none for a run that may not (a pull request from a fork).</summary>
public static class RunSecrets
{
    public static async Task<Dictionary<string, string>> OpenAsync(IServerStore store, SecretBox box, RunRecord run, CancellationToken cancellationToken)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.SecretsAllowed)
        {
            foreach (var row in await store.SecretsAsync(run.RepositoryId, cancellationToken).ConfigureAwait(false))
            {
                secrets[row.Name] = box.Open(run.Repository, row.Name, row.Sealed);
            }
        }

        return secrets;
    }
}
