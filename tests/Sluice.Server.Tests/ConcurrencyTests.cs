using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>concurrency</c> groups across runs of a repository, as on GitHub: at most one member runs and one waits, a newer
/// member displaces the waiting one, <c>cancel-in-progress</c> stops the running one. Steps append to a journal and the
/// run a test holds back blocks on a named pipe (its gate) until the test opens it.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class ConcurrencyTests : IDisposable
{
    private readonly Fleet _fleet = new();

    private string Journal => Path.Combine(_fleet.Root.Path, "journal");

    private string Gates => Path.Combine(_fleet.Root.Path, "gates");

    /// <summary>A step that notes its start and end in the journal, held at the run's gate when the test made one.</summary>
    private string Step(string name) => $$$"""
        trap 'echo "{{{name}}} stopped ${{ github.run_number }}" >> "{{{Journal}}}"; exit 143' TERM INT
        echo "{{{name}}} start ${{ github.run_number }}" >> "{{{Journal}}}"
        gate="{{{Gates}}}/${{ github.run_number }}"
        if [ -p "$gate" ]; then read -r go < "$gate" & wait $!; fi
        echo "{{{name}}} end ${{ github.run_number }}" >> "{{{Journal}}}"
        """;

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_second_run_in_a_workflow_group_waits_pending_across_a_server_restart_and_runs_when_the_first_ends()
    {
        await StartAsync(agents: 2, $$$"""
            on: push
            concurrency: Deploy-${{ github.ref_name }}
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: |
            {{{Indent(Step("deploy"))}}}
            """);
        await HoldAsync(1);
        var first = await _fleet.TriggerAsync("shop");
        await JournalSaysAsync("deploy start 1");

        var second = await _fleet.TriggerAsync("shop");
        var waiting = await _fleet.WaitForRunAsync(second.Id, r => r.Status == "pending", "the second run waiting for its group");

        Assert.Equal($"waiting for concurrency group 'Deploy-main' (run #{first.Number} holds it)", waiting.Waiting);
        Assert.Empty(waiting.Jobs);
        var listed = await _fleet.CliAsync("runs", "shop");
        Assert.Contains("pending  (waiting for concurrency group 'Deploy-main'", listed.Stdout, StringComparison.Ordinal);

        // The wait is in the database: a server killed and started again still holds the second run back.
        await _fleet.KillServerAsync();
        await _fleet.RestartServerAsync();
        Assert.Equal("pending", (await _fleet.RunAsync(second.Id)).Status);

        await ReleaseAsync(1);
        Assert.Equal("success", (await _fleet.WaitForEndAsync(first.Id)).Conclusion);
        var ended = await _fleet.WaitForEndAsync(second.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended));
        Assert.Null(ended.Waiting);
        Assert.Equal(["deploy start 1", "deploy end 1", "deploy start 2", "deploy end 2"], JournalLines());
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Cancel_in_progress_stops_the_running_run_and_the_newer_one_runs_after_it_ended()
    {
        await StartAsync(agents: 1, $$$"""
            on: push
            concurrency:
              group: deploy
              cancel-in-progress: ${{ github.event_name == 'push' }}
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: |
            {{{Indent(Step("deploy"))}}}
            """);
        await HoldAsync(1);
        var first = await _fleet.TriggerAsync("shop");
        await JournalSaysAsync("deploy start 1");

        var second = await _fleet.TriggerAsync("shop");

        var cancelled = await _fleet.WaitForEndAsync(first.Id);
        Assert.Equal("cancelled", cancelled.Conclusion);
        Assert.Equal($"Canceled: a newer run #{second.Number} in the concurrency group 'deploy' cancels the one in progress.", cancelled.Waiting);
        var ended = await _fleet.WaitForEndAsync(second.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended));
        Assert.Equal(["deploy start 1", "deploy stopped 1", "deploy start 2", "deploy end 2"], JournalLines());
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_third_run_cancels_the_pending_second_which_never_runs()
    {
        await StartAsync(agents: 2, $$$"""
            on: push
            concurrency: deploy
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: |
            {{{Indent(Step("deploy"))}}}
            """);
        await HoldAsync(1);
        var first = await _fleet.TriggerAsync("shop");
        await JournalSaysAsync("deploy start 1");
        var second = await _fleet.TriggerAsync("shop");
        await _fleet.WaitForRunAsync(second.Id, r => r.Status == "pending", "the second run waiting for its group");

        var third = await _fleet.TriggerAsync("shop");

        var displaced = await _fleet.WaitForEndAsync(second.Id);
        Assert.Equal("cancelled", displaced.Conclusion);
        Assert.Equal($"Canceled: a newer run #{third.Number} is waiting for the concurrency group 'deploy' and takes its place.", displaced.Waiting);
        Assert.Empty(displaced.Jobs);
        Assert.Equal("pending", (await _fleet.RunAsync(third.Id)).Status);
        var shown = await _fleet.CliAsync("runs", "--run", second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("cancelled (Canceled: a newer run #3", shown.Stdout, StringComparison.Ordinal);

        await ReleaseAsync(1);
        Assert.Equal("success", (await _fleet.WaitForEndAsync(first.Id)).Conclusion);
        Assert.Equal("success", (await _fleet.WaitForEndAsync(third.Id)).Conclusion);
        Assert.Equal(["deploy start 1", "deploy end 1", "deploy start 3", "deploy end 3"], JournalLines());
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_job_group_holds_the_same_job_of_a_later_run_while_its_other_jobs_run()
    {
        await StartAsync(agents: 2, $$$"""
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "build ${{ github.run_number }}" >> "{{{Journal}}}"
              deploy:
                needs: build
                runs-on: ubuntu-latest
                concurrency:
                  group: deploy-${{ matrix.target }}
                strategy:
                  matrix:
                    target: [prod]
                steps:
                  - run: |
            {{{Indent(Step("deploy"))}}}
            """);
        await HoldAsync(1);
        var first = await _fleet.TriggerAsync("shop");
        await JournalSaysAsync("deploy start 1");

        var second = await _fleet.TriggerAsync("shop");

        var waiting = await _fleet.WaitForRunAsync(second.Id, r => r.Jobs.Any(j => j.Key == "deploy-1" && j.Status == "pending"), "the second run's deploy waiting for its group");
        var deploy = waiting.Jobs.Single(j => j.Key == "deploy-1");
        Assert.Equal($"waiting for concurrency group 'deploy-prod' (run #{first.Number} holds it)", deploy.Waiting);
        Assert.Equal(("in_progress", "success"), (waiting.Status, waiting.Jobs.Single(j => j.Key == "build").Conclusion));
        var shown = await _fleet.CliAsync("runs", "--run", second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("pending  (waiting for concurrency group 'deploy-prod'", shown.Stdout, StringComparison.Ordinal);

        await ReleaseAsync(1);
        Assert.Equal("success", (await _fleet.WaitForEndAsync(first.Id)).Conclusion);
        var ended = await _fleet.WaitForEndAsync(second.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended));
        Assert.Equal(["build 1", "deploy start 1", "build 2", "deploy end 1", "deploy start 2", "deploy end 2"], JournalLines());
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_workflow_concurrency_that_cannot_be_evaluated_fails_the_run_before_any_job_and_says_why()
    {
        await StartAsync(agents: 0, $$$"""
            on: push
            concurrency: ${{ fromJSON('{not json') }}
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "must not run" >> "{{{Journal}}}"
            """);

        var run = await _fleet.TriggerAsync("shop");

        var ended = await _fleet.WaitForEndAsync(run.Id);
        Assert.Equal("failure", ended.Conclusion);
        Assert.StartsWith("The workflow's concurrency could not be evaluated: ", ended.Waiting, StringComparison.Ordinal);
        Assert.Empty(ended.Jobs);
        Assert.False(File.Exists(Journal));
    }

    public void Dispose() => _fleet.Dispose();

    private async Task StartAsync(int agents, string workflow)
    {
        Directory.CreateDirectory(Gates);
        var repository = _fleet.Repository("shop", (".github/workflows/deploy.yml", workflow));
        await _fleet.StartServerAsync();
        for (var i = 1; i <= agents; i++)
        {
            await _fleet.StartAgentAsync($"agent-{i}");
        }

        await _fleet.AddRepositoryAsync("shop", repository);
    }

    /// <summary>The run with this number will wait at its gate until <see cref="ReleaseAsync"/>.</summary>
    private Task HoldAsync(long runNumber) => Fifo.MakeAsync(Path.Combine(Gates, runNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Opens the run's gate: writing a named pipe blocks until its step reads it.</summary>
    private Task ReleaseAsync(long runNumber) => Task.Run(() =>
    {
        using var gate = new FileStream(Path.Combine(Gates, runNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), FileMode.Open, FileAccess.Write);
        gate.Write("go\n"u8);
    }).WaitAsync(Fleet.Patience);

    private Task<string> JournalSaysAsync(string line) =>
        FileWait.UntilAsync(Journal, text => text.Split('\n').Contains(line), $"'{line}'", Fleet.Patience);

    private string[] JournalLines() => File.ReadAllLines(Journal);

    /// <summary>A script indented to sit under <c>run: |</c> in the workflows above.</summary>
    private static string Indent(string script) => string.Join('\n', script.Split('\n').Select(line => "                      " + line));
}
