using System.Globalization;
using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Taking access away at once: a revoked client token and a revoked agent credential are refused from the next
/// request; a removed agent's job is queued again as a new attempt at once (not when its lease runs out) and finished
/// by another agent, and the removed agent says so and exits.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class RevocationTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_revoked_client_token_and_a_revoked_agent_credential_are_refused_at_once()
    {
        await _fleet.StartServerAsync();
        var agent = await _fleet.StartAgentAsync("doomed");
        var created = await _fleet.CliAsync("token", "create", "--scope", "read", "--owner", "automation:dashboard", "--format", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var token = JsonSerializer.Deserialize(created.Stdout, ProtocolJson.Default.TokenCreated)!;
        Assert.Equal("automation:dashboard", token.Owner);
        using (var reader = new ApiClient(_fleet.Url, token.Token, Fleet.Patience))
        {
            Assert.NotNull(await reader.GetAsync("api/v1/repos", ProtocolJson.Default.IReadOnlyListRepositoryView, CancellationToken.None));
        }

        var revoked = await _fleet.CliAsync("token", "revoke", token.Prefix);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains($"revoked {token.Prefix} (read, automation:dashboard)", revoked.Stdout, StringComparison.Ordinal);
        var refused = await SluiceProcess.RunAsync(_fleet.Root.Path, Fleet.Patience, new Dictionary<string, string?> { ["SLUICE_SERVER"] = null, ["SLUICE_TOKEN"] = null }, null, "repo", "list", "--server", _fleet.Url, "--token", token.Token);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("revoked", refused.Stderr, StringComparison.Ordinal);

        var listed = await _fleet.CliAsync("token", "list");
        Assert.Matches($@"{token.Prefix}\s+read\s+automation:dashboard\s+all repositories\s+revoked", listed.Stdout);

        // The agent waits in a claim with its credential; revoking the credential refuses that claim (401), and the agent says why and exits.
        var credential = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fleet.Root.Path, "agents", "doomed", "agent.json"))).RootElement.GetProperty("Credential").GetString()!;
        var revokedCredential = await _fleet.CliAsync("token", "revoke", credential[..16]);
        Assert.True(revokedCredential.ExitCode == 0, revokedCredential.ToString());
        Assert.Contains($"revoked {credential[..16]} (agent-credential, agent:doomed)", revokedCredential.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, await agent.WaitForExitAsync(Fleet.Patience));
        Assert.Contains("agent doomed (#1) was removed from this server", agent.Output, StringComparison.Ordinal);
        using var asAgent = new ApiClient(_fleet.Url, credential, Fleet.Patience);
        var claim = await Assert.ThrowsAsync<ApiException>(() => asAgent.SendAsync(HttpMethod.Post, "api/v1/agent/claim", new ClaimRequest(0), ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.JobAssignment, CancellationToken.None));
        Assert.Equal(401, claim.Status);

        var audit = (await _fleet.Api.GetAsync("api/v1/audit", ProtocolJson.Default.IReadOnlyListAuditView, CancellationToken.None))!;
        Assert.Equal([credential[..16], token.Prefix], audit.Where(a => a.Action == "token.revoke").Select(a => a.Target));
        Assert.All(audit.Where(a => a.Action == "token.revoke"), a => Assert.StartsWith("user:admin (slu_adm_", a.Actor, StringComparison.Ordinal));
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_removed_agent_s_job_is_queued_again_at_once_and_finished_by_the_other_agent()
    {
        var release = _fleet.ReleaseFile;
        var repository = _fleet.HoldingRepository("held");
        // Leases of a minute: a job queued again within it was not waiting for its lease to run out.
        await _fleet.StartServerAsync(leaseSeconds: 60);
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("held", repository);
        var run = await _fleet.TriggerAsync("held");
        await _fleet.WaitForLogAsync(run.Id, l => l.Text == "holding" && l.Attempt == 1, "attempt 1 holding");
        var holderName = (await _fleet.RunAsync(run.Id)).Jobs.Single().Agent!;
        var holder = _fleet.Agents.Single(a => a.Name == holderName);

        var removed = await _fleet.CliAsync("agents", "remove", holderName);

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Matches($@"removed agent {holderName} \(#\d+\); job \d+ queued again", removed.Stdout);
        await _fleet.WaitForLogAsync(run.Id, l => l.Text == "holding" && l.Attempt == 2, "attempt 2 holding");
        Assert.NotEqual(0, await holder.WaitForExitAsync(Fleet.Patience));
        Assert.Contains("was removed from this server", holder.Output, StringComparison.Ordinal);
        File.WriteAllText(release, "");
        var ended = await _fleet.WaitForEndAsync(run.Id);

        Assert.Equal("success", ended.Conclusion);
        var job = ended.Jobs.Single();
        var other = _fleet.Agents.Single(a => a != holder).Name;
        Assert.Equal((2, other), (job.Attempt, job.Agent));
        var (lost, finished) = (job.Attempts[0], job.Attempts[1]);
        Assert.Equal((holderName, "lost"), (lost.Agent, lost.Outcome));
        Assert.StartsWith("agent removed: ", lost.Reason, StringComparison.Ordinal);
        Assert.True(finished.StartedAt - lost.StartedAt < TimeSpan.FromSeconds(60), $"attempt 2 started at {finished.StartedAt:O}, a lease after attempt 1 ({lost.StartedAt:O})");
        var log = await _fleet.LogsAsync(run.Id);
        Assert.Equal([2], log.Where(l => l.Text == "released").Select(l => l.Attempt));
        var agents = await _fleet.CliAsync("agents");
        Assert.DoesNotContain(holderName, agents.Stdout, StringComparison.Ordinal);
        var audit = (await _fleet.Api.GetAsync("api/v1/audit", ProtocolJson.Default.IReadOnlyListAuditView, CancellationToken.None))!;
        var entry = audit.Single(a => a.Action == "agent.remove");
        Assert.EndsWith(holderName, entry.Target, StringComparison.Ordinal);
        Assert.Contains($"job(s) {job.Id.ToString(CultureInfo.InvariantCulture)} queued again", entry.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_disabled_agent_gets_no_new_job_until_it_is_enabled()
    {
        var repository = _fleet.Repository("quick", (".github/workflows/quick.yml", """
            on: push
            jobs:
              quick:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "done"
            """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("paused");
        await _fleet.AddRepositoryAsync("quick", repository);
        var disabled = await _fleet.CliAsync("agents", "disable", "paused");
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.Contains("disabled", disabled.Stdout, StringComparison.Ordinal);

        var run = await _fleet.TriggerAsync("quick");
        // The log's long poll answers as soon as anything about the run changes (a job claimed); nothing does.
        var page = await _fleet.Api.GetAsync($"api/v1/runs/{run.Id}/logs?after=0&wait=3", ProtocolJson.Default.LogPage, CancellationToken.None);
        Assert.Empty(page!.Lines);
        Assert.Equal("queued", (await _fleet.RunAsync(run.Id)).Jobs.Single().Status);

        var enabled = await _fleet.CliAsync("agents", "enable", "#1");
        Assert.True(enabled.ExitCode == 0, enabled.ToString());
        Assert.Equal("success", (await _fleet.WaitForEndAsync(run.Id)).Conclusion);
        var audit = (await _fleet.Api.GetAsync("api/v1/audit", ProtocolJson.Default.IReadOnlyListAuditView, CancellationToken.None))!;
        Assert.Equal(["agent.enable", "agent.disable"], audit.Where(a => a.Action.StartsWith("agent.", StringComparison.Ordinal) && a.Action != "agent.register").Select(a => a.Action));
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Revoking_or_removing_what_is_not_there_is_refused_with_the_reason()
    {
        await _fleet.StartServerAsync();

        foreach (var (args, code, message) in new[]
        {
            (new[] { "token", "revoke", "4242" }, 2, "no token 4242"),
            (["token", "revoke", "slu_adm_"], 2, "is not a display id"),
            (["token", "revoke", "slu_adm_ab\u202Ecd"], 2, "is not a display id"),
            (["token", "revoke", "drop table tokens"], 2, "names no token"),
            (["token", "revoke", "slu_agc_abcd1234"], 2, "no agent's credential starts with slu_agc_abcd1234"),
            (["agents", "remove", "ghost"], 2, "no agent named ghost"),
            (["agents", "disable", "../../etc"], 2, "no agent named ../../etc"),
            (["agents", "enable", new string('x', 200)], 2, "is not an agent's name or id"),
            (["token", "create", "--scope", "read", "--owner", "robot:x"], 2, "is not a token owner"),
            (["token", "create", "--scope", "read", "--owner", "user:"], 2, "must be 1 to 100 characters"),
        })
        {
            var result = await _fleet.CliAsync(args);
            Assert.True(result.ExitCode == code, $"{string.Join(' ', args)}: {result}");
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }

        var first = await _fleet.CliAsync("token", "revoke", "1");
        Assert.True(first.ExitCode == 0, first.ToString());
        var after = await _fleet.CliAsync("token", "list");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("revoked", after.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
