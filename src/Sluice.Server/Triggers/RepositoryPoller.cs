using System.Collections.Concurrent;
using Sluice.Server.Repositories;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Triggers;

/// <summary>
/// <c>repo add --poll</c>: for hosts that cannot reach the server, the server fetches the repository every so often
/// and starts a push run for each branch whose commit changed since the last look (the first look only remembers).
/// What was seen is kept in the blob store (<c>polled/ID</c>: a file with SQLite, the database with PostgreSQL), so a
/// restart does not run old pushes again and replicas, which poll each on its own, see what the others saw. Each change
/// of a branch (its commit before and after) starts its runs once across replicas: it is recorded under a unique key first.
/// </summary>
public sealed class RepositoryPoller(ServerState server)
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _next = new();

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = server.Time.GetUtcNow();
        foreach (var repository in await server.Store.RepositoriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (repository.PollSeconds is not { } every || _next.TryGetValue(repository.Id, out var due) && due > now)
            {
                continue;
            }

            _next[repository.Id] = now + TimeSpan.FromSeconds(every);
            try
            {
                await PollAsync(repository, cancellationToken).ConfigureAwait(false);
            }
            catch (RepositoryException ex)
            {
                await server.Store.AuditAsync("poller", null, "repository.poll-failed", repository.Name, ex.Message, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task PollAsync(RepositoryRecord repository, CancellationToken cancellationToken)
    {
        var branch = await server.Mirror.FetchAsync(repository, cancellationToken).ConfigureAwait(false);
        var current = await server.Mirror.BranchesAsync(repository, cancellationToken).ConfigureAwait(false);
        var seen = await SeenAsync(repository, cancellationToken).ConfigureAwait(false);
        var lines = string.Concat(current.Select(b => $"{b.Key} {b.Value}\n"));
        await server.Blobs.WriteAsync(SeenBlob(repository), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines)), cancellationToken).ConfigureAwait(false);
        if (seen is null)
        {
            await server.Store.SetRepositoryPolledAsync(repository.Id, branch, current.GetValueOrDefault("refs/heads/" + branch), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var (reference, sha) in current.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (seen.TryGetValue(reference, out var before) && before == sha)
            {
                continue;
            }

            // Replicas poll each on its own and may see one change at the same moment: the one that records it first,
            // as a webhook's redelivery key is recorded, starts its runs, and the others pass it by.
            var from = before ?? Sluice.Engine.Local.LocalGit.ZeroSha;
            if (!await server.Store.RecordDeliveryAsync(repository.Id, $"poll:{reference}:{from}..{sha}", "accepted", server.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var trigger = new RunTrigger("push", reference, sha, from, null, null, null, new Dictionary<string, string>(), "poller", SecretsAllowed: true);
            await server.Starter.StartAsync(repository, trigger, cancellationToken).ConfigureAwait(false);
            await server.Store.AuditAsync("poller", null, "run.trigger", repository.Name, $"push {reference} {sha[..Math.Min(12, sha.Length)]}", server.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        await server.Store.SetRepositoryPolledAsync(repository.Id, branch, current.GetValueOrDefault("refs/heads/" + branch), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets what polling saw of the repository, so that its next look (at a new URL) only remembers.</summary>
    public Task ForgetAsync(RepositoryRecord repository, CancellationToken cancellationToken) => server.Blobs.DeleteAsync(SeenBlob(repository), cancellationToken);

    /// <summary>The blob of what polling saw of a repository.</summary>
    public static string SeenBlob(RepositoryRecord repository) => "polled/" + repository.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, string>?> SeenAsync(RepositoryRecord repository, CancellationToken cancellationToken)
    {
        if (await server.Blobs.OpenAsync(SeenBlob(repository), cancellationToken).ConfigureAwait(false) is not { } blob)
        {
            return null;
        }

        await using (blob)
        {
            using var reader = new StreamReader(blob);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Split('\n').Select(l => l.Split(' ')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        }
    }
}
