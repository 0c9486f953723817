namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_token_is_found_by_its_hash_with_its_scope_and_repositories()
    {
        var added = await Store.AddTokenAsync("slc_ab12", Hash("token"), "trigger", ["shop", "docs"], "admin", "release bot", "automation:release-bot", At(3), None).Timed();
        await Store.AddTokenAsync("slc_cd34", Hash("other token"), "read", [], "admin", null, null, At(4), None).Timed();

        var found = await Store.TokenByHashAsync(Hash("token"), None).Timed();
        var everywhere = await Store.TokenByHashAsync(Hash("other token"), None).Timed();

        Assert.NotNull(found);
        foreach (var token in new[] { added, found })
        {
            Assert.Equal(("slc_ab12", "trigger", "admin", "release bot", At(3), (DateTimeOffset?)null, false), (token.Prefix, token.Scope, token.CreatedBy, token.Description, token.CreatedAt, token.UsedAt, token.Revoked));
            Assert.Equal(["shop", "docs"], token.Repositories);
            Assert.Equal(Hash("token"), token.Hash);
            Assert.Equal(("automation:release-bot", (DateTimeOffset?)null), (token.Owner, token.RevokedAt));
        }

        Assert.Equal(added.Id, found.Id);
        Assert.Equal(("read", (string?)null, (string?)null), (everywhere?.Scope, everywhere?.Description, everywhere?.Owner));
        Assert.Empty(everywhere!.Repositories);
        Assert.Null(await Store.TokenByHashAsync(Hash("unknown token"), None).Timed());
    }

    [Fact]
    public async Task A_one_time_token_is_used_once_and_keeps_the_time_of_its_use()
    {
        var token = await Store.AddTokenAsync("slc_ag01", Hash("registration"), "agent", [], "admin", null, null, Start, None).Timed();

        Assert.True(await Store.UseTokenOnceAsync(token.Id, At(5), None).Timed());
        Assert.False(await Store.UseTokenOnceAsync(token.Id, At(6), None).Timed());

        Assert.Equal(At(5), (await Store.TokenByHashAsync(Hash("registration"), None).Timed())!.UsedAt);
        Assert.False(await Store.UseTokenOnceAsync(token.Id + 100, At(7), None).Timed());
    }

    [Fact]
    public async Task A_one_time_token_raced_for_by_many_agents_is_used_by_one()
    {
        var token = await Store.AddTokenAsync("slc_ag01", Hash("registration"), "agent", [], "admin", null, null, Start, None).Timed();

        var uses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => Store.UseTokenOnceAsync(token.Id, At(i), None)))).Timed();

        Assert.Single(uses, used => used);
    }

    [Fact]
    public async Task A_secret_set_again_replaces_its_value_and_secrets_belong_to_their_repository()
    {
        var shop = await RepositoryAsync("shop");
        var docs = await RepositoryAsync("docs");

        await Store.SetSecretAsync(shop.Id, "NPM_TOKEN", [1, 2, 3], At(1), None).Timed();
        await Store.SetSecretAsync(shop.Id, "API_KEY", [4], At(2), None).Timed();
        await Store.SetSecretAsync(docs.Id, "NPM_TOKEN", [5], At(3), None).Timed();
        await Store.SetSecretAsync(shop.Id, "NPM_TOKEN", [9, 9], At(4), None).Timed();

        var secrets = await Store.SecretsAsync(shop.Id, None).Timed();
        Assert.Equal([("API_KEY", At(2)), ("NPM_TOKEN", At(4))], secrets.Select(s => (s.Name, s.UpdatedAt)));
        Assert.Equal(new byte[][] { [4], [9, 9] }, secrets.Select(s => s.Sealed));
        Assert.All(secrets, s => Assert.Equal(shop.Id, s.RepositoryId));
        Assert.Equal(new byte[] { 5 }, Assert.Single(await Store.SecretsAsync(docs.Id, None).Timed()).Sealed);
    }

    [Fact]
    public async Task The_audit_log_lists_the_newest_entry_first_up_to_the_limit()
    {
        await Store.AuditAsync("admin", "127.0.0.1", "repo.add", "shop", "url=/srv/git/shop", At(1), None).Timed();
        await Store.AuditAsync("ci-bot", null, "run.trigger", "shop#1", null, At(2), None).Timed();
        await Store.AuditAsync("admin", "::1", "run.cancel", "shop#1", null, At(3), None).Timed();

        var newest = await Store.AuditLogAsync(2, None).Timed();

        Assert.Equal(["run.cancel", "run.trigger"], newest.Select(a => a.Action));
        Assert.Equal((At(2), "ci-bot", (string?)null, "run.trigger", "shop#1", (string?)null), (newest[1].At, newest[1].Actor, newest[1].Source, newest[1].Action, newest[1].Target, newest[1].Detail));
        var all = await Store.AuditLogAsync(10, None).Timed();
        Assert.Equal(("127.0.0.1", "url=/srv/git/shop"), (all[2].Source, all[2].Detail));
        Assert.Equal(3, all.Select(a => a.Id).Distinct().Count());
    }
}
