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

        var again = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("relay")).Id);
        Assert.Equal((1L, "success"), (again.Number, again.Conclusion));
        var audit = await _fleet.CliAsync("audit");
        Assert.Contains("repository.remove", audit.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
