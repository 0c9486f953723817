using System.Globalization;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary><c>sluice repo remove</c> through real processes: refused while a run holds, then everything goes, and the same name starts clean.</summary>
[Collection(FleetCollection.Name)]
public sealed class RepositoryRemovalTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_removed_repository_added_again_starts_clean_with_run_number_one_and_no_secrets()
    {
        var repository = _fleet.HoldingRepository("relay");
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("relay", repository);
        var set = await _fleet.CliWithInputAsync("old-value\n", "secret", "set", "DEPLOY_TOKEN", "--repo", "relay");
        Assert.True(set.ExitCode == 0, set.ToString());
        var first = await _fleet.TriggerAsync("relay");
        await _fleet.WaitForLogAsync(first.Id, l => l.Text == "holding", "the job holding");

        var refused = await _fleet.CliAsync("repo", "remove", "relay");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"({first.Id}); cancel them first: sluice cancel RUN", refused.Stderr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(_fleet.ReleaseFile, "");
        Assert.Equal("success", (await _fleet.WaitForEndAsync(first.Id)).Conclusion);
        var removed = await _fleet.CliAsync("repo", "remove", "relay");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal("removed relay with 1 run(s) and 0 cache entries", removed.Stdout.Trim());
        var oldRun = await _fleet.CliAsync("logs", first.Id.ToString(CultureInfo.InvariantCulture));
        Assert.NotEqual(0, oldRun.ExitCode);

        await _fleet.AddRepositoryAsync("relay", repository);
        var secrets = await _fleet.CliAsync("secret", "list", "--repo", "relay", "--format", "json");
        Assert.True(secrets.ExitCode == 0, secrets.ToString());
        Assert.Equal("[]", secrets.Stdout.Trim());
        var delete = await _fleet.CliAsync("secret", "delete", "DEPLOY_TOKEN", "--repo", "relay");
        Assert.Equal(1, delete.ExitCode);
        Assert.Contains("repository 'relay' has no secret named DEPLOY_TOKEN", delete.Stderr, StringComparison.Ordinal);

        await VerbsOfAdministrationAnswerAsync();
        var again = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("relay")).Id);
        Assert.Equal((1L, "success"), (again.Number, again.Conclusion));
        var audit = await _fleet.CliAsync("audit");
        Assert.Contains("repository.remove", audit.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();

    /// <summary>The other verbs of administration, as a person types them: what they print, and their exit codes for mistakes.</summary>
    private async Task VerbsOfAdministrationAnswerAsync()
    {
        var polled = await _fleet.CliAsync("repo", "edit", "relay", "--poll", "1m");
        Assert.True(polled.ExitCode == 0, polled.ToString());
        Assert.StartsWith("changed relay (", polled.Stdout, StringComparison.Ordinal);
        Assert.Contains("), polled every 60s, default branch main", polled.Stdout, StringComparison.Ordinal);
        Assert.Contains("not polled", (await _fleet.CliAsync("repo", "edit", "relay", "--poll", "off", "--no-webhook-secret")).Stdout, StringComparison.Ordinal);
        var both = await _fleet.CliAsync("repo", "edit", "relay", "--webhook-secret", "s", "--no-webhook-secret");
        Assert.Equal((2, "sluice: error: give --webhook-secret or --no-webhook-secret, not both"), (both.ExitCode, both.Stderr.Trim()));

        var token = await _fleet.CliAsync("token", "create", "--scope", "read", "--expires", "30d", "--format", "json");
        Assert.True(token.ExitCode == 0, token.ToString());
        var expiresAt = System.Text.Json.JsonDocument.Parse(token.Stdout).RootElement.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.Contains($"active, expires {expiresAt:u}", (await _fleet.CliAsync("token", "list")).Stdout, StringComparison.Ordinal);

        var caches = await _fleet.CliAsync("cache", "list", "--repo", "relay");
        Assert.True(caches.ExitCode == 0 && caches.Stdout.Length == 0, caches.ToString());
        var absent = await _fleet.CliAsync("cache", "delete", "--repo", "relay", "--key", "deps");
        Assert.Equal(2, absent.ExitCode);
        Assert.Contains("has no cache entry with key 'deps'", absent.Stderr, StringComparison.Ordinal);
        var neither = await _fleet.CliAsync("cache", "delete", "--repo", "relay");
        Assert.Equal((2, "sluice: error: give --key KEY (with --ref REF to keep other refs' entries) or --id ID"), (neither.ExitCode, neither.Stderr.Trim()));
    }
}
