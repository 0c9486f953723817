using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Server.Storage.Sqlite;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary><c>sluice up</c> the way a user first tries it: it starts, runs a repository's workflow, and stops cleanly on Ctrl-C.</summary>
[Collection(FleetCollection.Name)]
public sealed partial class UpCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Up_runs_a_triggered_workflow_and_ctrl_c_stops_the_agents_first_so_a_running_job_is_queued_again_before_the_server_stops()
    {
        var stopped = Path.Combine(_root.Path, "stopped");
        var repository = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "demo");
        repository.Commit(
            "initial",
            (".github/workflows/ci.yml", "on: push\njobs:\n  hello:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello from up\n"),
            (".github/workflows/long.yml", $$"""
                on: push
                jobs:
                  long:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          if [ -e "{{stopped}}" ]; then echo "started again after the restart"; exit 0; fi
                          trap 'echo stopped > "{{stopped}}"; exit 143' TERM INT
                          echo "long job started"
                          sleep 300 &
                          wait $!
                """));
        var data = Path.Combine(_root.Path, "data");
        var (up, url) = await StartUpAsync(data, "127.0.0.1:0");

        // The client verbs find the admin token in the data folder.
        var added = await SluiceAsync("repo", "add", "demo", repository.Work, "--server", url, "--data", data);
        Assert.True(added.ExitCode == 0, added.ToString());
        var hello = await SluiceAsync("trigger", "demo", "--workflow", "ci.yml", "--follow", "--server", url, "--data", data);
        Assert.True(hello.ExitCode == 0, hello.ToString());
        Assert.Contains("[hello] hello from up", hello.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  hello\s+success on local-1$", hello.Stdout);
        var started = await SluiceAsync("trigger", "demo", "--workflow", "long.yml", "--server", url, "--data", data);
        Assert.True(started.ExitCode == 0, started.ToString());
        var runId = long.Parse(RunId().Match(started.Stdout).Groups["id"].Value, CultureInfo.InvariantCulture);
        using (var api = new ApiClient(url, File.ReadAllText(Path.Combine(data, "admin.token")).Trim(), Fleet.Patience))
        {
            await WaitForLineAsync(api, runId, "long job started");
        }

        await up.InterruptGroupAsync();

        Assert.Equal(0, await up.WaitForExitAsync(Fleet.Patience));
        Assert.Contains("sluice: stopped", up.Output, StringComparison.Ordinal);
        Assert.Equal("stopped\n", File.ReadAllText(stopped));
        Assert.True(await up.GroupIsEmptyAsync(), "a process of sluice up outlived it");
        up.Dispose();
        Assert.Matches(@"(?s)stopping the agents.*handed back.*agents stopped; stopping the server", up.Output);
        // The terminal shows the agents' lines; the server's events (a job given to an agent) stay out of it.
        Assert.DoesNotContain("given to agent", up.Output, StringComparison.Ordinal);

        // The agent handed the job back to a server that was still running: it is queued again already, not left
        // running for its lease to run out at the next start.
        await using (var store = await SqliteServerStore.OpenAsync(Path.Combine(data, "sluice.db"), CancellationToken.None))
        {
            var job = (await store.JobsAsync(runId, CancellationToken.None)).Single();
            Assert.Equal(("queued", 1), (job.Status, job.Attempt));
            var handedBack = (await store.AttemptsAsync(runId, CancellationToken.None)).Single();
            Assert.Equal("failed-to-run", handedBack.Outcome);
            Assert.Contains("handed it back", handedBack.Reason, StringComparison.Ordinal);
        }

        // The next start finishes what the last one handed back.
        (up, url) = await StartUpAsync(data, "127.0.0.1:" + new Uri(url).Port.ToString(CultureInfo.InvariantCulture));
        using (var api = new ApiClient(url, File.ReadAllText(Path.Combine(data, "admin.token")).Trim(), Fleet.Patience))
        {
            await WaitForLineAsync(api, runId, "started again after the restart");
        }

        var shown = await SluiceAsync("runs", "--run", runId.ToString(CultureInfo.InvariantCulture), "--server", url, "--data", data);
        Assert.Matches(@"(?m)^  long\s+success on local-1 \(attempt 2\)$", shown.Stdout);
        await up.InterruptGroupAsync();
        Assert.Equal(0, await up.WaitForExitAsync(Fleet.Patience));
        up.Dispose();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_second_ctrl_c_stops_up_at_once_without_waiting_for_a_slow_hand_back()
    {
        var repository = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "stubborn");
        // The step ignores SIGTERM and SIGINT, so handing it back takes the engine's grace period before it kills it.
        repository.Commit("initial", (".github/workflows/stubborn.yml", "on: push\njobs:\n  stubborn:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          trap '' TERM INT\n          echo \"stubborn job started\"\n          sleep 30\n"));
        var data = Path.Combine(_root.Path, "data");
        var (up, url) = await StartUpAsync(data, "127.0.0.1:0");
        Assert.Equal(0, (await SluiceAsync("repo", "add", "stubborn", repository.Work, "--server", url, "--data", data)).ExitCode);
        var started = await SluiceAsync("trigger", "stubborn", "--server", url, "--data", data);
        var runId = long.Parse(RunId().Match(started.Stdout).Groups["id"].Value, CultureInfo.InvariantCulture);
        using (var api = new ApiClient(url, File.ReadAllText(Path.Combine(data, "admin.token")).Trim(), Fleet.Patience))
        {
            await WaitForLineAsync(api, runId, "stubborn job started");
        }

        await up.InterruptGroupAsync();
        await up.WaitForLineAsync(l => l.StartsWith("sluice: stopping the agents", StringComparison.Ordinal), "the agents stopping", Fleet.Patience);
        await up.InterruptGroupAsync();

        Assert.Equal(130, await up.WaitForExitAsync(Fleet.Patience));
        Assert.Contains("sluice: stopped at once", up.Output, StringComparison.Ordinal);
        up.Dispose();
        await using var store = await SqliteServerStore.OpenAsync(Path.Combine(data, "sluice.db"), CancellationToken.None);
        Assert.Equal("running", (await store.JobsAsync(runId, CancellationToken.None)).Single().Status);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Up_with_database_keeps_its_records_in_postgresql_and_refuses_one_it_cannot_use_in_one_line()
    {
        await using var postgres = await PrivatePostgres.StartAsync().WaitAsync(Fleet.Patience);
        var repository = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "demo");
        repository.Commit("initial", (".github/workflows/ci.yml", "on: push\njobs:\n  hello:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello from postgres\n"));
        var data = Path.Combine(_root.Path, "data");

        var (up, url) = await StartUpAsync(data, "127.0.0.1:0", "--database", postgres.Url);
        using (up)
        {
            var added = await SluiceAsync("repo", "add", "demo", repository.Work, "--server", url, "--data", data);
            Assert.True(added.ExitCode == 0, added.ToString());
            var hello = await SluiceAsync("trigger", "demo", "--follow", "--server", url, "--data", data);
            Assert.True(hello.ExitCode == 0, hello.ToString());
            Assert.Contains("[hello] hello from postgres", hello.Stdout, StringComparison.Ordinal);
            await up.InterruptGroupAsync();
            Assert.Equal(0, await up.WaitForExitAsync(Fleet.Patience));
        }

        var unreachable = await SluiceAsync("up", "--data", Path.Combine(_root.Path, "other"), "--listen", "127.0.0.1:0", "--database", "postgres://ci:secret-word@127.0.0.1:1/sluice");
        var invalid = await SluiceAsync("up", "--data", Path.Combine(_root.Path, "other"), "--listen", "127.0.0.1:0", "--database", "mysql://root@db/sluice");

        Assert.False(File.Exists(Path.Combine(data, "sluice.db")), "the records went to SQLite in the data folder");
        await using var store = await Sluice.Server.Storage.Postgres.PostgresServerStore.OpenAsync(postgres.Url, CancellationToken.None);
        Assert.Equal(["demo"], (await store.RepositoriesAsync(CancellationToken.None)).Select(r => r.Name));
        Assert.Equal(("completed", "success"), (await store.RunsAsync("demo", 10, CancellationToken.None)).Select(r => (r.Status, r.Conclusion)).Single());
        Assert.Equal((1, "sluice: error: cannot reach the PostgreSQL database '127.0.0.1:1/sluice' (Connection refused); check the address and that PostgreSQL runs"), (unreachable.ExitCode, unreachable.Stderr.TrimEnd('\n')));
        Assert.Equal((2, "sluice: error: --database: the PostgreSQL URL is not valid; write it as postgres://user:password@host:port/database"), (invalid.ExitCode, invalid.Stderr.TrimEnd('\n')));
    }

    public void Dispose() => _root.Dispose();

    private async Task<(LiveSluice Up, string Url)> StartUpAsync(string data, string listen, params string[] options)
    {
        var up = LiveSluice.Start("up", _root.Path, ownSession: true, ["up", "--data", data, "--listen", listen, "--agents", "1", "--lease-seconds", "3", .. options]);
        try
        {
            var ready = await up.WaitForLineAsync(l => l.StartsWith("sluice is up at ", StringComparison.Ordinal), "its address", Fleet.Patience);
            await up.WaitForLineAsync(l => l.Contains(" is ready; waiting for jobs", StringComparison.Ordinal), "its agent", Fleet.Patience);
            return (up, UpAt().Match(ready).Groups["url"].Value);
        }
        catch
        {
            up.Dispose();
            throw;
        }
    }

    private Task<SluiceResult> SluiceAsync(params string[] args) => SluiceProcess.RunAsync(_root.Path, Fleet.Patience, null, null, args);

    /// <summary>Waits on the server's long poll of the run's log until a line says <paramref name="text"/>.</summary>
    private static async Task WaitForLineAsync(ApiClient api, long runId, string text)
    {
        using var deadline = new CancellationTokenSource(Fleet.Patience);
        long after = 0;
        while (true)
        {
            var page = (await api.GetAsync($"api/v1/runs/{runId}/logs?after={after}&wait=5", ProtocolJson.Default.LogPage, deadline.Token))!;
            if (page.Lines.Any(l => l.Text == text))
            {
                return;
            }

            Assert.False(page.Done, $"run {runId} ended without a line '{text}'");
            after = page.Next;
        }
    }

    [GeneratedRegex(@"up at (?<url>http://[^ ]+)")]
    private static partial Regex UpAt();

    [GeneratedRegex(@"(?m)^run (?<id>\d+):")]
    private static partial Regex RunId();
}
