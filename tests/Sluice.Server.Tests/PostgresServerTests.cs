using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>sluice server --database</c> on the test PostgreSQL (SLUICE_TEST_POSTGRES, which scripts/postgres.sh starts and
/// ./test.sh sets), each test in a schema of its own: a real run to its end, and <c>--migrate-only</c>.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class PostgresServerTests : IAsyncLifetime
{
    private readonly Fleet _fleet = new();
    private PostgresTestSchema? _schema;

    /// <summary>This test's schema; its URL, as a user would write it, is <see cref="PostgresTestSchema.Database"/>.</summary>
    private PostgresTestSchema Schema => _schema ?? throw new InvalidOperationException("the schema is made before each test");

    private string Database => Schema.Database;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateAsync();

    /// <summary>The fleet's processes are stopped before their schema is dropped (xunit calls this before any Dispose).</summary>
    public async Task DisposeAsync()
    {
        _fleet.Dispose();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_server_on_postgresql_runs_a_workflow_with_an_agent_to_success_and_keeps_its_records_there()
    {
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", """
            name: ci
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                outputs:
                  made: ${{ steps.make.outputs.made }}
                steps:
                  - id: make
                    run: echo "made=widget" >> "$GITHUB_OUTPUT"
              test:
                needs: build
                runs-on: ubuntu-latest
                steps:
                  - run: echo "testing the ${{ needs.build.outputs.made }}"
            """));
        _fleet.Database = Database;
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("shop", repository);

        var passed = await _fleet.CliAsync("trigger", "shop", "--wait", "--format", "json");

        Assert.True(passed.ExitCode == 0, passed.ToString());
        var run = Assert.Single(JsonSerializer.Deserialize(passed.Stdout, ProtocolJson.Default.TriggerResponse)!.Runs);
        Assert.Equal(("completed", "success"), (run.Status, run.Conclusion));
        Assert.Equal(["build success agent-a", "test success agent-a"], run.Jobs.Select(j => $"{j.Key} {j.Conclusion} {j.Agent}").Order(StringComparer.Ordinal));
        Assert.Contains(await _fleet.LogsAsync(run.Id), line => line.Text == "testing the widget");
        Assert.Equal(("completed", "success", 2L), await Schema.FirstRowAsync<(string, string, long)>(
            $"SELECT r.status, r.conclusion, (SELECT count(*) FROM {Schema.Name}.jobs j WHERE j.run_id = r.id AND j.conclusion = 'success') FROM {Schema.Name}.runs r",
            r => (r.GetString(0), r.GetString(1), r.GetInt64(2))));
        Assert.False(File.Exists(Path.Combine(_fleet.DataDirectory, "sluice.db")), "the records went to SQLite in the data folder");
        Assert.Contains($"records in PostgreSQL '", _fleet.Server!.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Migrate_only_brings_an_empty_database_up_to_date_once_and_exits()
    {
        var first = await SluiceProcess.RunAsync(_fleet.Root.Path, Fleet.Patience, new Dictionary<string, string?> { ["SLUICE_DATABASE"] = Database }, null, "server", "--migrate-only", "--data", _fleet.DataDirectory);
        var again = await SluiceProcess.RunAsync(_fleet.Root.Path, Fleet.Patience, new Dictionary<string, string?> { ["SLUICE_DATABASE"] = null }, null, "server", "--migrate-only", "--data", _fleet.DataDirectory, "--database", Database);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        var line = Assert.Single(first.StdoutLines);
        Assert.StartsWith("sluice server: the schema of PostgreSQL '", line, StringComparison.Ordinal);
        Assert.EndsWith("' is up to date", line, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Equal(Sluice.Server.Storage.Postgres.PostgresSchema.Version, await Schema.FirstRowAsync($"SELECT max(version) FROM {Schema.Name}.sluice_schema", r => r.GetInt32(0)));
        Assert.Equal(1L, await Schema.FirstRowAsync($"SELECT count(*) FROM {Schema.Name}.sluice_schema", r => r.GetInt64(0)));
    }

    [Theory(Timeout = FleetCollection.TestTimeout)]
    [InlineData("mysql://root@db/sluice", 2, "sluice: error: --database: the PostgreSQL URL is not valid; write it as postgres://user:password@host:port/database")]
    [InlineData("postgres://ci:secret-word@127.0.0.1:1/sluice", 1, "sluice: error: cannot reach the PostgreSQL database '127.0.0.1:1/sluice' (Connection refused); check the address and that PostgreSQL runs")]
    public async Task A_database_the_server_cannot_use_is_one_line_and_an_exit_code(string database, int exitCode, string message)
    {
        var refused = await SluiceProcess.RunAsync(_fleet.Root.Path, Fleet.Patience, null, null, "server", "--data", _fleet.DataDirectory, "--listen", "127.0.0.1:0", "--database", database);

        Assert.True(refused.ExitCode == exitCode, refused.ToString());
        Assert.Equal(message, refused.Stderr.TrimEnd('\n'));
        Assert.DoesNotContain("secret-word", refused.Stderr + refused.Stdout, StringComparison.Ordinal);
    }
}
