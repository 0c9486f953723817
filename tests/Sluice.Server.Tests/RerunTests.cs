using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary><c>sluice rerun</c>: a new attempt of a finished run; with <c>--failed</c>, what succeeded keeps its result and is not run again.</summary>
[Collection(FleetCollection.Name)]
public sealed class RerunTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Rerunning_failed_jobs_keeps_the_successful_ones_and_their_outputs_and_a_full_rerun_runs_everything_again()
    {
        var ran = Path.Combine(_fleet.Root.Path, "ran");
        var fixedFlag = Path.Combine(_fleet.Root.Path, "fixed");
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                outputs:
                  version: ${{ steps.v.outputs.version }}
                steps:
                  - id: v
                    run: echo build >> "RAN" && echo "version=1.2.$GITHUB_RUN_ATTEMPT" >> "$GITHUB_OUTPUT"
              test:
                needs: build
                runs-on: ubuntu-latest
                steps:
                  - run: echo "testing ${{ needs.build.outputs.version }} attempt $GITHUB_RUN_ATTEMPT" && echo test >> "RAN" && test -f "FIXED"
            """.Replace("RAN", ran, StringComparison.Ordinal).Replace("FIXED", fixedFlag, StringComparison.Ordinal)));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("shop", repository);
        var first = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        Assert.Equal("failure", first.Conclusion);

        await File.WriteAllTextAsync(fixedFlag, "");
        var failedOnly = await _fleet.CliAsync("rerun", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--failed", "--wait", "--format", "json");

        Assert.True(failedOnly.ExitCode == 0, failedOnly.ToString());
        var second = System.Text.Json.JsonSerializer.Deserialize(failedOnly.Stdout, ProtocolJson.Default.RunView)!;
        Assert.Equal((first.Number, 2, first.Id), (second.Number, second.RunAttempt, second.RerunOf!.Value));
        Assert.Equal(["build", "test", "test"], (await File.ReadAllLinesAsync(ran)).Order(StringComparer.Ordinal));
        var kept = second.Jobs.Single(j => j.Key == "build");
        Assert.Equal(("success", "1.2.1", $"kept from run {first.Id}"), (kept.Conclusion, kept.Outputs["version"], kept.Waiting));
        Assert.Contains(await _fleet.LogsAsync(second.Id), l => l.Job == "test" && l.Text == "testing 1.2.1 attempt 2");

        var full = await _fleet.CliAsync("rerun", second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--wait");

        Assert.True(full.ExitCode == 0, full.ToString());
        Assert.Contains("attempt 3", full.Stdout, StringComparison.Ordinal);
        Assert.Equal(["build", "build", "test", "test", "test"], (await File.ReadAllLinesAsync(ran)).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_run_that_has_not_ended_cannot_be_rerun()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: no-such-label\n    steps:\n      - run: true\n"));
        await _fleet.StartServerAsync();
        await _fleet.AddRepositoryAsync("shop", repository);
        var waiting = await _fleet.TriggerAsync("shop");

        var refused = await _fleet.CliAsync("rerun", waiting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"run {waiting.Id} has not ended", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("no agent with labels no-such-label is online", (await _fleet.RunAsync(waiting.Id)).Jobs.Single().Waiting);
    }

    public void Dispose() => _fleet.Dispose();
}
