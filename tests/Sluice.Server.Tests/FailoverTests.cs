using System.Globalization;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Agents and client verbs given several server URLs (<c>--server URL1,URL2</c>, SLUICE_SERVER): a URL where nothing
/// listens is passed over, and a server killed mid-run is left for the next URL, where the same data is served (here a
/// second server started on the killed one's data folder, one after the other: two SQLite servers cannot share a
/// database at once, so the replicas-at-once case belongs to the PostgreSQL chaos tests).
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FailoverTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task An_agent_and_client_verbs_given_a_dead_url_first_use_the_live_server_and_run_a_job_to_success()
    {
        var repository = _fleet.Repository("plain", (".github/workflows/ci.yml", """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "built on the live server"
            """));
        await _fleet.StartServerAsync();
        var servers = $"{Fleet.FreeLoopbackUrl()},{_fleet.Url}";
        var agent = await _fleet.StartAgentAtAsync(servers, "agent-a", new Dictionary<string, string?>(), []);
        await _fleet.AddRepositoryAsync("plain", repository);

        var triggered = await _fleet.CliWithEnvironmentAsync(new Dictionary<string, string?> { ["SLUICE_SERVER"] = servers, ["SLUICE_TOKEN"] = null }, "trigger", "plain", "--wait");
        var listed = await _fleet.CliWithEnvironmentAsync(new Dictionary<string, string?> { ["SLUICE_SERVER"] = null, ["SLUICE_TOKEN"] = null }, "runs", "plain", "--server", servers, "--format", "json");

        Assert.True(triggered.ExitCode == 0, triggered.ToString());
        var run = Assert.Single((await _fleet.Api.GetAsync("api/v1/runs", ProtocolJson.Default.IReadOnlyListRunView, CancellationToken.None))!);
        Assert.Equal(("completed", "success"), (run.Status, run.Conclusion));
        Assert.Contains(await _fleet.LogsAsync(run.Id), l => l.Text == "built on the live server");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains($"\"id\":{run.Id}", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains($"moving to {_fleet.Url}", agent.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_bad_server_list_is_a_usage_error_that_names_the_entry()
    {
        await _fleet.StartServerAsync();
        var none = new Dictionary<string, string?> { ["SLUICE_SERVER"] = null, ["SLUICE_TOKEN"] = null };

        var client = await _fleet.CliWithEnvironmentAsync(none, "runs", "--server", $"{_fleet.Url},,{_fleet.Url}");
        var agent = await _fleet.CliWithEnvironmentAsync(none, "agent", "--server", $"{_fleet.Url},ftp://mirror", "--work", Path.Combine(_fleet.Root.Path, "bad-agent"));
        var twice = await _fleet.CliWithEnvironmentAsync(new Dictionary<string, string?> { ["SLUICE_SERVER"] = $"{_fleet.Url},{_fleet.Url}/", ["SLUICE_TOKEN"] = null }, "runs");

        Assert.Equal(2, client.ExitCode);
        Assert.Contains("--server: server URL 2 of 3", client.Stderr, StringComparison.Ordinal);
        Assert.Contains("is empty: separate the URLs with single commas", client.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, agent.ExitCode);
        Assert.Contains("--server: server URL 2 of 2 ('ftp://mirror') uses 'ftp:', not http: or https:", agent.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("is given twice", twice.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", client.Stderr + agent.Stderr + twice.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_follow_and_an_agent_ride_out_a_killed_server_on_the_next_url_and_nothing_is_lost_or_doubled()
    {
        var sideEffects = Path.Combine(_fleet.Root.Path, "side-effects.txt");
        var release = _fleet.ReleaseFile;
        var repository = _fleet.Repository("sturdy", (".github/workflows/ci.yml", $$"""
            on: push
            jobs:
              hold:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "hold" >> "{{sideEffects}}"
                      for i in $(seq 1 40); do echo "before $i"; done
                      echo "holding"
                      while [ ! -e "{{release}}" ]; do sleep 0.05; done
                      for i in $(seq 1 40); do echo "after $i"; done
                      echo "hold finished" >> "{{sideEffects}}"
            """));
        await _fleet.StartServerAsync();
        var (first, second) = (_fleet.Url, Fleet.FreeLoopbackUrl());
        var servers = $"{first},{second}";
        var agent = await _fleet.StartAgentAtAsync(servers, "agent-a", new Dictionary<string, string?>(), []);
        await _fleet.AddRepositoryAsync("sturdy", repository);
        var run = await _fleet.TriggerAsync("sturdy");
        using var follow = LiveSluice.Start("follow", _fleet.Root.Path, "logs", run.Id.ToString(CultureInfo.InvariantCulture), "--follow", "--server", servers, "--token", _fleet.AdminToken);
        await follow.WaitForLineAsync(l => l == "[hold] holding", "the held job in the follow", Fleet.Patience);

        await _fleet.KillServerAsync();
        // The job ends while no server answers: its last lines and its result wait for the next URL to answer.
        File.WriteAllText(release, "");
        await FileWait.UntilAsync(sideEffects, text => text.Contains("hold finished", StringComparison.Ordinal), "the end of the held step", Fleet.Patience);
        // The follow has gone round both URLs and waits for either to come back (not a blip its requests rode out).
        await follow.WaitForLineAsync(l => l.StartsWith("sluice: lost the server (", StringComparison.Ordinal), "the follow losing the server", Fleet.Patience);
        await _fleet.StartServerAtAsync(second);

        Assert.Equal(0, await follow.WaitForExitAsync(Fleet.Patience));
        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended) + "\n" + await _fleet.LogTextAsync(run.Id));
        Assert.Equal((1, 1), (ended.Jobs.Single().Attempt, ended.Jobs.Single().Attempts.Count));
        Assert.Equal(["hold", "hold finished"], File.ReadAllLines(sideEffects));
        string[] expected = [.. Enumerable.Range(1, 40).Select(i => $"before {i}"), "holding", .. Enumerable.Range(1, 40).Select(i => $"after {i}")];
        var log = await _fleet.LogsAsync(run.Id);
        Assert.Equal(expected, log.Where(l => l.Kind == "line" && l.Step is not null).Select(l => l.Text));
        Assert.Equal(log.Count, log.Select(l => l.Id).Distinct().Count());
        // The follow printed every line once, in order, across the gap, and said it lost the server and found the next.
        var printed = follow.Output.Split('\n').Where(l => l.StartsWith("[hold] ", StringComparison.Ordinal) && (l.Contains("before ", StringComparison.Ordinal) || l.Contains("after ", StringComparison.Ordinal) || l == "[hold] holding")).Select(l => l["[hold] ".Length..]);
        Assert.Equal(expected, printed);
        Assert.Contains($"sluice: reached the server again at {second}", follow.Output, StringComparison.Ordinal);
        Assert.Contains($"{first} failed (", agent.Output, StringComparison.Ordinal);
        Assert.Contains($"moving to {second}", agent.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
