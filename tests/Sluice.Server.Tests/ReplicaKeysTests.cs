using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Storage;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Replicas with their own data folders on one PostgreSQL schema must share the secrets key: one that would make a key
/// of its own while the database holds secrets sealed by another's refuses to start, and says how to give it the key.
/// </summary>
public sealed class ReplicaKeysTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _root = new();

    [Fact(Timeout = 300_000)]
    public async Task A_replica_without_the_key_of_a_database_that_holds_secrets_refuses_to_start_until_it_has_it()
    {
        Assert.Null(Environment.GetEnvironmentVariable(Sluice.Security.Secrets.SecretKeySource.EnvironmentVariable));
        await using var schema = await PostgresTestSchema.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero));
        ServerOptions Replica(string name) => InProcessReplica.Options(schema, Path.Combine(_root.Path, name));
        await using var a = await SluiceServer.StartAsync(Replica("data-a"), clock, null, None).WaitAsync(Within);

        // Without secrets in the database a replica may make its key (nothing could be opened with another).
        await (await SluiceServer.StartAsync(Replica("data-early"), clock, null, None).WaitAsync(Within)).DisposeAsync();
        var shop = await a.State.Store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, clock.GetUtcNow(), None).WaitAsync(Within);
        await a.State.Store.SetSecretAsync(shop.Id, "DEPLOY_KEY", a.State.Secrets.Seal("shop", "DEPLOY_KEY", "hunter2"), clock.GetUtcNow(), None).WaitAsync(Within);

        var refused = await Assert.ThrowsAsync<StoreException>(() => SluiceServer.StartAsync(Replica("data-b"), clock, null, None).WaitAsync(Within));
        Assert.StartsWith("the database holds repository secrets, but this server has no secrets key: set SLUICE_SECRETS_KEY", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root.Path, "data-b", "secrets.key")));

        File.Copy(Path.Combine(_root.Path, "data-a", "secrets.key"), Path.Combine(_root.Path, "data-b", "secrets.key"));
        await using var b = await SluiceServer.StartAsync(Replica("data-b"), clock, null, None).WaitAsync(Within);
        var sealedValue = Assert.Single(await b.State.Store.SecretsAsync(shop.Id, None).WaitAsync(Within)).Sealed;
        Assert.Equal("hunter2", b.State.Secrets.Open("shop", "DEPLOY_KEY", sealedValue));
    }

    public void Dispose() => _root.Dispose();
}
