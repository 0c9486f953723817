using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Server.Api.Tests.Support;
using Sluice.Server.Storage;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// Secrets listed and deleted, repositories removed with their files, cache entries deleted with their archives: who may,
/// within which repositories, and what hostile names and bodies get.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class AdministrationTests(ApiServer api)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private IServerStore Store => api.Server.State.Store;

    [Fact]
    public async Task Secrets_are_listed_by_name_and_time_without_their_values_and_deleted_once_with_an_audit_entry()
    {
        (await SendAsync(HttpMethod.Put, $"/api/v1/repos/{ApiServer.Repository}/secrets/LISTED_SECRET", api.AdminToken, """{"value": "hunter2-value"}""")).Is(204);

        var listed = await SendAsync(HttpMethod.Get, $"/api/v1/repos/{ApiServer.Repository}/secrets", api.AdminToken);
        var secret = Assert.Single(listed.Is(200).Json.EnumerateArray(), s => s.GetProperty("name").GetString() == "LISTED_SECRET");
        Assert.True(secret.GetProperty("updatedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.DoesNotContain("hunter2", listed.Text, StringComparison.Ordinal);

        (await SendAsync(HttpMethod.Delete, $"/api/v1/repos/{ApiServer.Repository}/secrets/LISTED_SECRET", api.AdminToken)).Is(204);
        var again = await SendAsync(HttpMethod.Delete, $"/api/v1/repos/{ApiServer.Repository}/secrets/LISTED_SECRET", api.AdminToken);
        Assert.Contains("has no secret named LISTED_SECRET (sluice secret list --repo probe)", again.Is(404).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var audit = await Store.AuditLogAsync(50, None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "secret.delete" && a.Target == "probe/LISTED_SECRET" && a.Actor.Contains("user:admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_and_trigger_tokens_and_admin_tokens_for_other_repositories_change_nothing()
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        (await SendAsync(HttpMethod.Put, "/api/v1/repos/probe/secrets/KEPT_SECRET", api.AdminToken, """{"value": "kept"}""")).Is(204);
        var otherAdmin = await CreateTokenAsync("""{"scope": "admin", "repositories": ["elsewhere"]}""", deadline.Token);
        var probeAdmin = await CreateTokenAsync("""{"scope": "admin", "repositories": ["probe"]}""", deadline.Token);
        var requests = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, "/api/v1/repos/probe/secrets", null),
            (HttpMethod.Delete, "/api/v1/repos/probe/secrets/KEPT_SECRET", null),
            (HttpMethod.Patch, "/api/v1/repos/probe", """{"pollSeconds": 0, "webhookSecret": ""}"""),
            (HttpMethod.Delete, "/api/v1/repos/probe", null),
            (HttpMethod.Delete, "/api/v1/repos/probe/caches?key=deps", null),
            (HttpMethod.Delete, "/api/v1/repos/probe/caches/1", null),
        };
        foreach (var (method, path, body) in requests)
        {
            foreach (var token in new[] { api.ReadToken, api.TriggerToken, otherAdmin })
            {
                var refused = await SendAsync(method, path, token, body);
                Assert.True(refused.Status == 403, $"{method} {path}: {refused.Status} {refused.Text}");
            }
        }

        Assert.Contains("does not cover the repository 'probe'", (await SendAsync(HttpMethod.Delete, "/api/v1/repos/probe", otherAdmin)).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (await SendAsync(HttpMethod.Get, "/api/v1/repos/probe/secrets", probeAdmin)).Is(200);
        Assert.NotNull(await Store.RepositoryAsync(ApiServer.Repository, None).WaitAsync(ApiServer.Timeout));
        Assert.Contains("KEPT_SECRET", (await Store.SecretsAsync((await Store.RepositoryAsync("probe", None))!.Id, None).WaitAsync(ApiServer.Timeout)).Select(s => s.Name));
        (await SendAsync(HttpMethod.Delete, "/api/v1/repos/probe/secrets/KEPT_SECRET", probeAdmin)).Is(204);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("..")]
    [InlineData("probe%00")]
    [InlineData("%2Ftmp%2Fsluice")]
    public async Task A_repository_name_that_climbs_out_or_hides_characters_names_nothing_and_removes_nothing(string name)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Delete, $"/api/v1/repos/{name}"), (HttpMethod.Get, $"/api/v1/repos/{name}/secrets"), (HttpMethod.Delete, $"/api/v1/repos/{name}/caches?key=k") })
        {
            var answer = await SendAsync(method, path, api.AdminToken);
            Assert.True(answer.Status is 400 or 404 or 405, $"{method} {path}: {answer.Status} {answer.Text}");
        }

        Assert.NotNull(await Store.RepositoryAsync(ApiServer.Repository, None).WaitAsync(ApiServer.Timeout));
        Assert.True(Directory.Exists(api.Server.State.Mirror.PathOf((await Store.RepositoryAsync(ApiServer.Repository, None))!)));
    }

    [Theory]
    [InlineData("..%2F..%2Fadmin.token", 400)]
    [InlineData("NAME%20WITH%20SPACE", 400)]
    [InlineData("GITHUB_TOKEN", 400)]
    [InlineData("ABSENT_ONE", 404)]
    public async Task A_secret_name_that_cannot_be_one_is_refused_before_anything_is_looked_up(string secret, int status)
    {
        var answer = await SendAsync(HttpMethod.Delete, $"/api/v1/repos/{ApiServer.Repository}/secrets/{secret}", api.AdminToken);
        Assert.Equal(status, answer.Status);
        Assert.True(answer.Json.TryGetProperty("detail", out _), answer.Text);
    }

    [Fact]
    public async Task A_body_over_the_servers_limit_or_not_json_changes_nothing()
    {
        (await SendAsync(HttpMethod.Patch, $"/api/v1/repos/{ApiServer.Repository}", api.AdminToken, "{\"url\": \"" + new string('a', 33 * 1024 * 1024) + "\"}")).Is(413);
        (await SendAsync(HttpMethod.Patch, $"/api/v1/repos/{ApiServer.Repository}", api.AdminToken, "[1")).Is(400);
        (await SendAsync(HttpMethod.Patch, $"/api/v1/repos/{ApiServer.Repository}", api.AdminToken, """{"url": "--upload-pack=touch /tmp/x"}""")).Is(400);
        (await SendAsync(HttpMethod.Patch, $"/api/v1/repos/{ApiServer.Repository}", api.AdminToken, """{"url": "relative/path"}""")).Is(400);
        Assert.Equal(api.SourcePath, (await Store.RepositoryAsync(ApiServer.Repository, None).WaitAsync(ApiServer.Timeout))!.Url);
    }

    [Fact]
    public async Task A_cache_entry_deleted_by_id_or_by_key_in_a_ref_takes_its_archive_and_leaves_the_others()
    {
        var probe = (await Store.RepositoryAsync(ApiServer.Repository, None).WaitAsync(ApiServer.Timeout))!;
        var byId = await CacheAsync(probe, "refs/heads/main", "admin-by-id");
        var onMain = await CacheAsync(probe, "refs/heads/main", "admin-by-key");
        var onFeature = await CacheAsync(probe, "refs/heads/feature", "admin-by-key");

        var deleted = await SendAsync(HttpMethod.Delete, $"/api/v1/repos/probe/caches/{byId.Id}", api.AdminToken);
        Assert.Equal(byId.Id, deleted.Is(200).Json.GetProperty("id").GetInt64());
        var inRef = await SendAsync(HttpMethod.Delete, "/api/v1/repos/probe/caches?key=admin-by-key&ref=refs%2Fheads%2Ffeature", api.AdminToken);
        Assert.Equal([onFeature.Id], inRef.Is(200).Json.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));

        Assert.False(await KeptAsync(byId.Blob));
        Assert.False(await KeptAsync(onFeature.Blob));
        Assert.True(await KeptAsync(onMain.Blob));
        (await SendAsync(HttpMethod.Delete, $"/api/v1/repos/probe/caches/{byId.Id}", api.AdminToken)).Is(404);
        (await SendAsync(HttpMethod.Delete, $"/api/v1/repos/probe/caches?key={new string('k', 513)}", api.AdminToken)).Is(400);
        (await SendAsync(HttpMethod.Delete, "/api/v1/repos/probe/caches?key=admin-by-key&ref=refs%2Fheads%2Fa%0Ab", api.AdminToken)).Is(400);
        var audit = await Store.AuditLogAsync(50, None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "cache.delete" && a.Target == "probe" && a.Detail!.Contains($"#{onFeature.Id} admin-by-key in refs/heads/feature", StringComparison.Ordinal));

        (await SendAsync(HttpMethod.Delete, "/api/v1/repos/probe/caches?key=admin-by-key", api.AdminToken)).Is(200);
        Assert.False(await KeptAsync(onMain.Blob));
    }

    [Fact]
    public async Task A_repository_is_removed_only_once_its_runs_are_finished_and_then_with_its_artifacts_caches_and_copy_on_disk()
    {
        var name = "removed-" + Guid.NewGuid().ToString("N")[..8];
        (await SendAsync(HttpMethod.Post, "/api/v1/repos", api.AdminToken, $$"""{"name": "{{name}}", "url": "{{api.SourcePath}}"}""")).Is(201);
        var repository = (await Store.RepositoryAsync(name, None).WaitAsync(ApiServer.Timeout))!;
        (await SendAsync(HttpMethod.Put, $"/api/v1/repos/{name}/secrets/DEPLOY_KEY", api.AdminToken, """{"value": "k"}""")).Is(204);
        var now = DateTimeOffset.UtcNow;
        var run = await Store.CreateRunAsync(new NewRun(repository.Id, "ci", ".github/workflows/ci.yml", "on: push\njobs: {}\n", "push", "refs/heads/main", new string('a', 40), """{"inputs":{}}""", "test", true), now, None).WaitAsync(ApiServer.Timeout);
        var staging = api.Server.State.Artifacts.CreateStaging();
        await File.WriteAllTextAsync(Path.Combine(staging, "index.html"), "<p>kept until removed</p>");
        await api.Server.State.Artifacts.PublishAsync(run.Id, "report", staging, Engine.Execution.Artifacts.ExistingArtifact.Refuse, None).WaitAsync(ApiServer.Timeout);
        var cache = await CacheAsync(repository, "refs/heads/main", "deps");

        var busy = await SendAsync(HttpMethod.Delete, $"/api/v1/repos/{name}", api.AdminToken);
        Assert.Contains($"has 1 run(s) queued or in progress ({run.Id}); cancel them first: sluice cancel RUN", busy.Is(409).Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["report"], await api.Server.State.Artifacts.NamesAsync(run.Id, None).WaitAsync(ApiServer.Timeout));

        await Store.FinishRunAsync(run.Id, "success", now, None).WaitAsync(ApiServer.Timeout);
        var removed = await SendAsync(HttpMethod.Delete, $"/api/v1/repos/{name}", api.AdminToken);
        Assert.Equal((1, 1), (removed.Is(200).Json.GetProperty("runs").GetInt32(), removed.Json.GetProperty("cacheEntries").GetInt32()));

        Assert.Empty(await api.Server.State.Artifacts.NamesAsync(run.Id, None).WaitAsync(ApiServer.Timeout));
        Assert.False(await KeptAsync(cache.Blob));
        Assert.False(Directory.Exists(api.Server.State.Mirror.PathOf(repository)));
        Assert.Null(await Store.RunAsync(run.Id, None).WaitAsync(ApiServer.Timeout));
        (await SendAsync(HttpMethod.Get, $"/api/v1/repos/{name}/secrets", api.AdminToken)).Is(404);
        var audit = await Store.AuditLogAsync(50, None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "repository.remove" && a.Target == name && a.Detail == $"{api.SourcePath}: 1 run(s), 1 cache entry");

        // The same name again is a new repository, with nothing of the old one.
        (await SendAsync(HttpMethod.Post, "/api/v1/repos", api.AdminToken, $$"""{"name": "{{name}}", "url": "{{api.SourcePath}}"}""")).Is(201);
        Assert.Empty((await SendAsync(HttpMethod.Get, $"/api/v1/repos/{name}/secrets", api.AdminToken)).Is(200).Json.EnumerateArray());
        Assert.Empty((await SendAsync(HttpMethod.Get, $"/api/v1/repos/{name}/caches", api.AdminToken)).Is(200).Json.EnumerateArray());
        (await SendAsync(HttpMethod.Delete, $"/api/v1/repos/{name}", api.AdminToken)).Is(200);
    }

    private async Task<CacheEntryRow> CacheAsync(RepositoryRecord repository, string scope, string key)
    {
        var blob = Guid.NewGuid().ToString("N") + ".tar.gz";
        await api.Server.State.CacheBlobs.SaveAsync(blob, new MemoryStream([1, 2, 3]), None).WaitAsync(ApiServer.Timeout);
        return (await Store.AddCacheEntryAsync(new NewCacheEntry(repository.Id, scope, key, "v1", blob, 3), DateTimeOffset.UtcNow, None).WaitAsync(ApiServer.Timeout))!;
    }

    /// <summary>Whether the blob store still has a cache entry's archive.</summary>
    private async Task<bool> KeptAsync(string blob)
    {
        await using var archive = await api.Server.State.CacheBlobs.OpenAsync(blob, None).WaitAsync(ApiServer.Timeout);
        return archive is not null;
    }

    private async Task<string> CreateTokenAsync(string body, CancellationToken cancellationToken)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/tokens", api.AdminToken, body).WaitAsync(cancellationToken);
        return created.Is(201).Json.GetProperty("token").GetString()!;
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // As a careful client sends a large body: the server may refuse it from its headers, before it is sent.
        request.Headers.ExpectContinue = json?.Length > 64 * 1024;
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        using var response = await api.Http.SendAsync(request, deadline.Token);
        var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token);
        var text = Encoding.UTF8.GetString(bytes);
        JsonElement parsed = default;
        if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true)
        {
            using var document = JsonDocument.Parse(bytes);
            parsed = document.RootElement.Clone();
        }

        return new Answer((int)response.StatusCode, parsed, text, bytes);
    }
}
