using System.Security.Cryptography;
using System.Text;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// What every <see cref="IServerStore"/> provider must do, said only through the contract. A provider's test class
/// derives from this and opens a fresh, empty store; the tests are the same for every provider.
/// </summary>
public abstract partial class ServerStoreCompliance : IAsyncLifetime
{
    /// <summary>Whole milliseconds, the precision every provider keeps.</summary>
    protected static readonly DateTimeOffset Start = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly List<IServerStore> opened = [];

    protected IServerStore Store { get; private set; } = null!;

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>A new, empty, migrated store that shares nothing with any other store this method returned.</summary>
    protected abstract Task<IServerStore> CreateStoreAsync();

    public virtual async Task InitializeAsync()
    {
        Store = await CreateStoreAsync().Timed();
        opened.Add(Store);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var store in opened)
        {
            await store.DisposeAsync().AsTask().Timed();
        }
    }

    protected static DateTimeOffset At(int seconds) => Start.AddSeconds(seconds);

    protected static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    protected async Task<RepositoryRecord> RepositoryAsync(string name = "shop") =>
        await Store.RepositoryAsync(name, None).Timed()
        ?? await Store.AddRepositoryAsync(name, $"https://git.example.test/{name}.git", null, null, Start, None).Timed();

    protected async Task<RunRecord> NewRunAsync(string repository = "shop") =>
        await Store.CreateRunAsync(RunOf((await RepositoryAsync(repository)).Id), Start, None).Timed();

    protected static NewRun RunOf(long repositoryId) =>
        new(repositoryId, "CI", ".github/workflows/ci.yml", "on: push\njobs: {}\n", "push", "refs/heads/main", "0123456789abcdef", """{"inputs":{}}""", "alice", SecretsAllowed: true);

    protected static NewJob JobOf(RunRecord run, string key, string[]? labels = null, string? endsWithout = null, bool cancelled = false) =>
        new(run.Id, key, key.Split(' ')[0], $"{key} (display)", labels ?? ["linux"], $$"""{"key":"{{key}}"}""", endsWithout, cancelled);

    /// <summary>Queues the keys in order, as a run's planner would, and returns their rows in the same order.</summary>
    protected async Task<JobRow[]> QueueAsync(RunRecord run, params string[] keys)
    {
        await Store.QueueJobsAsync([.. keys.Select(key => JobOf(run, key))], Start, None).Timed();
        var rows = await Store.JobsAsync(run.Id, None).Timed();
        return [.. keys.Select(key => rows.Single(row => row.Key == key))];
    }

    protected async Task<AgentRow> AgentAsync(string name = "agent-1") =>
        await Store.RegisterAgentAsync(name, ["linux"], Hash("credential:" + name), null, Start, None).Timed();

    /// <summary>A claim by <paramref name="agent"/> under the lease <paramref name="lease"/>, for a minute from <paramref name="now"/>.</summary>
    protected Task<JobClaim?> ClaimAsync(AgentRow agent, string lease, DateTimeOffset? now = null, Func<JobRow, bool>? canRun = null) =>
        Store.ClaimJobAsync(agent.Id, canRun ?? (_ => true), Hash(lease), now ?? Start, (now ?? Start).AddMinutes(1), None).Timed();

    /// <summary>A new run whose one job, <c>build</c>, a new agent has claimed under <paramref name="lease"/>: attempt 1, running.</summary>
    protected async Task<(RunRecord Run, JobRow Job)> RunningBuildAsync(string lease = "lease", DateTimeOffset? now = null)
    {
        var run = await NewRunAsync();
        await QueueAsync(run, "build");
        return (run, (await ClaimAsync(await AgentAsync(), lease, now))!.Job);
    }

    protected async Task<JobRow> JobAsync(long id) => (await Store.JobAsync(id, None).Timed())!;

    protected Task<IReadOnlyList<RunEvent>> EventsAsync(RunRecord run) => Store.RunEventsAsync(run.Id, 0, None).Timed();

    protected static JobOutcome Outcome(string conclusion) => new(conclusion, """{"out":"1"}""", """[{"name":"step","conclusion":"success"}]""");

    protected static LogEntryRow Line(long seq, string text = "") => new(seq, "line", "build", text.Length == 0 ? $"line {seq}" : text, null);

    /// <summary>Rows compared whole: their label lists are compared as sequences, not as list instances.</summary>
    protected static void SameJob(JobRow expected, JobRow actual)
    {
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected with { Labels = Array.Empty<string>() }, actual with { Labels = Array.Empty<string>() });
    }
}
