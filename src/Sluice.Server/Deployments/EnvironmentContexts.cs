using Sluice.Expressions;
using Sluice.Security.Secrets;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>
/// What a job that deploys to an environment gets beside the repository's: the environment's secrets (which win over
/// the repository's of the same name, as on GitHub) and its variables (over <c>vars</c>). A run that may not have
/// secrets (a pull request from a fork) gets none of the environment's either.
/// </summary>
public static class EnvironmentContexts
{
    /// <summary>The name an environment secret is sealed under, so that it opens only as that environment's.</summary>
    public static string SealedName(string environment, string secret) => $"environment/{environment.ToLowerInvariant()}/{secret}";

    public static async Task AddAsync(IServerStore store, SecretBox box, RunRecord run, string environment, Dictionary<string, string> secrets, ObjectValue vars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(vars);
        var settings = await store.EnvironmentAsync(run.RepositoryId, environment, cancellationToken).ConfigureAwait(false);
        if (settings is null)
        {
            return;
        }

        foreach (var variable in await store.EnvironmentVariablesAsync(settings.Id, cancellationToken).ConfigureAwait(false))
        {
            vars.Set(variable.Name, ExpressionValue.FromString(variable.Value));
        }

        if (run.SecretsAllowed)
        {
            foreach (var secret in await store.EnvironmentSecretsAsync(settings.Id, cancellationToken).ConfigureAwait(false))
            {
                secrets[secret.Name] = box.Open(run.Repository, SealedName(settings.Name, secret.Name), secret.Sealed);
            }
        }
    }
}
