using System.Text.Json;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// One engine, local and remote: workflows of <c>sluice run</c>'s end-to-end tests, run by <c>sluice run</c> and by a
/// server with two agents on the same repository, end with the same conclusions, outputs and step output.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class SameAsLocalRunTests : IDisposable
{
    private static readonly (string File, string Text)[] Workflows =
    [
        ("outputs.yml", """
            on: push
            jobs:
              a:
                runs-on: ubuntu-latest
                outputs:
                  value: ${{ steps.s.outputs.value }}
                steps:
                  - id: s
                    run: echo "value=from-a" >> "$GITHUB_OUTPUT"
              b:
                needs: a
                runs-on: ubuntu-latest
                outputs: { value: "${{ needs.a.outputs.value }}-b" }
                steps: [{ run: echo b }]
              c:
                needs: a
                runs-on: ubuntu-latest
                outputs: { value: "${{ needs.a.outputs.value }}-c" }
                steps: [{ run: echo c }]
              d:
                needs: [b, c]
                runs-on: ubuntu-latest
                steps:
                  - run: echo "got ${{ needs.b.outputs.value }} and ${{ needs.c.outputs.value }}, b was ${{ needs.b.result }}"
            """),
        ("always.yml", """
            on: push
            jobs:
              broken:
                runs-on: ubuntu-latest
                steps:
                  - run: exit 1
                  - run: echo not reached
                  - if: failure()
                    run: echo cleaning up
              next:
                needs: broken
                runs-on: ubuntu-latest
                steps: [{ run: echo next }]
              report:
                needs: broken
                if: always()
                runs-on: ubuntu-latest
                steps:
                  - run: echo "broken was ${{ needs.broken.result }}"
              tolerant:
                runs-on: ubuntu-latest
                outputs: { seen: "${{ steps.after.outputs.seen }}" }
                steps:
                  - id: flaky
                    run: exit 4
                    continue-on-error: true
                  - id: after
                    run: echo "seen=${{ steps.flaky.outcome }}/${{ steps.flaky.conclusion }}" >> "$GITHUB_OUTPUT"
            """),
        ("fail-fast.yml", """
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                strategy:
                  max-parallel: 1
                  matrix:
                    n: [1, 2, 3]
                steps:
                  - run: echo "ran ${{ matrix.n }}" && test "${{ matrix.n }}" != 1
                  - if: always()
                    run: echo "cleanup ${{ matrix.n }}"
              tolerant:
                runs-on: ubuntu-latest
                continue-on-error: true
                strategy:
                  fail-fast: false
                  matrix:
                    n: [1, 2]
                steps:
                  - run: echo "tolerant ${{ matrix.n }}" && test "${{ matrix.n }}" != 2
              after:
                needs: [test, tolerant]
                if: always()
                runs-on: ubuntu-latest
                steps:
                  - run: echo "test was ${{ needs.test.result }}, tolerant was ${{ needs.tolerant.result }}"
            """),
    ];

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Workflows_of_sluice_run_end_the_same_on_a_server_with_two_agents()
    {
        var repository = _fleet.Repository("same", [.. Workflows.Select(w => (".github/workflows/" + w.File, w.Text))]);
        var local = new Dictionary<string, Outcome>();
        foreach (var (file, _) in Workflows)
        {
            var run = await SluiceProcess.RunAsync(repository.Work, Fleet.Patience, null, null, "run", "--format", "json", "--workflow", ".github/workflows/" + file);
            Assert.True(run.ExitCode is 0 or 1, run.ToString());
            local[file] = Outcome.OfLocalRun(run.StdoutLines);
        }

        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("same", repository);
        var started = new Dictionary<string, long>();
        foreach (var (file, _) in Workflows)
        {
            started[file] = (await _fleet.TriggerAsync("same", file)).Id;
        }

        foreach (var (file, _) in Workflows)
        {
            var run = await _fleet.WaitForEndAsync(started[file]);
            var remote = Outcome.OfServerRun(run, await _fleet.LogsAsync(run.Id));

            Assert.True(local[file].Conclusion == remote.Conclusion, $"{file}: sluice run {local[file].Conclusion}, server {remote.Conclusion}");
            Assert.Equal(local[file].Jobs, remote.Jobs);
            Assert.Equal(local[file].Lines, remote.Lines);
        }

        // The comparison is only worth something if the runs did what their workflows say.
        Assert.Contains("b success value=from-a-b", local["outputs.yml"].Jobs);
        Assert.Contains("d got from-a-b and from-a-c, b was success", local["outputs.yml"].Lines);
        Assert.Equal(["broken failure", "next skipped", "report success", "tolerant success seen=failure/success"], local["always.yml"].Jobs);
        Assert.Equal("failure", local["fail-fast.yml"].Conclusion);
        Assert.Contains("test-2 cancelled", local["fail-fast.yml"].Jobs);
        Assert.Contains("after test was failure, tolerant was success", local["fail-fast.yml"].Lines);
    }

    /// <summary>A reusable workflow of the repository: typed inputs with a default, an optional secret, an output from its job.</summary>
    private const string CalledWorkflow = """
        on:
          workflow_call:
            inputs:
              greeting: { type: string, required: true }
              count: { type: number, default: 2 }
            secrets:
              token: { required: false }
            outputs:
              said: { value: "${{ jobs.speak.outputs.said }}" }
        jobs:
          speak:
            runs-on: ubuntu-latest
            outputs: { said: "${{ steps.s.outputs.said }}" }
            steps:
              - id: s
                run: echo "said=${{ inputs.greeting }}x${{ inputs.count }}" >> "$GITHUB_OUTPUT"
              - run: echo "count is a number ${{ inputs.count == 2 || inputs.count == 1 || inputs.count == 3 }}"
              - env: { T: "${{ secrets.token }}", O: "${{ secrets.OTHER }}" }
                run: echo "token ${#T} other ${#O}"
        """;

    /// <summary>
    /// Calls of it: inputs from needs, secrets mapped, inherited and not passed, a matrix caller (whose merged output
    /// depends on which leg finished last, so only its legs' outputs are compared), its outputs through needs.
    /// </summary>
    private const string CallerWorkflow = """
        on: push
        jobs:
          setup:
            runs-on: ubuntu-latest
            outputs: { greeting: hello }
            steps: [{ run: echo setup }]
          call:
            needs: setup
            uses: ./.github/workflows/called.yml
            with: { greeting: "${{ needs.setup.outputs.greeting }}", count: 3 }
            secrets: { token: "${{ secrets.TOKEN }}" }
          inherit:
            uses: ./.github/workflows/called.yml
            with: { greeting: inherited, count: 1 }
            secrets: inherit
          unpassed:
            uses: ./.github/workflows/called.yml
            with: { greeting: unpassed }
          fan:
            strategy: { matrix: { n: [1, 3] } }
            uses: ./.github/workflows/called.yml
            with: { greeting: "m${{ matrix.n }}", count: "${{ matrix.n }}" }
          after:
            needs: [call, fan]
            runs-on: ubuntu-latest
            steps:
              - run: echo "call said ${{ needs.call.outputs.said }}, fan was ${{ needs.fan.result }}"
        """;

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Reusable_workflows_end_the_same_on_a_server_with_two_agents()
    {
        var repository = _fleet.Repository("calls", (".github/workflows/caller.yml", CallerWorkflow), (".github/workflows/called.yml", CalledWorkflow));
        var run = await SluiceProcess.RunAsync(repository.Work, Fleet.Patience, null, null, "run", "--format", "json", "--workflow", ".github/workflows/caller.yml", "--secret", "TOKEN=s3cr3t-value", "--secret", "OTHER=zzz-hidden");
        Assert.True(run.ExitCode == 0, run.ToString());
        var local = Outcome.OfLocalRun(run.StdoutLines);

        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("calls", repository);
        foreach (var (name, value) in new[] { ("TOKEN", "s3cr3t-value"), ("OTHER", "zzz-hidden") })
        {
            var set = await _fleet.CliWithInputAsync(value + "\n", "secret", "set", name, "--repo", "calls");
            Assert.True(set.ExitCode == 0, set.ToString());
        }

        var ended = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("calls", "caller.yml")).Id);
        var remote = Outcome.OfServerRun(ended, await _fleet.LogsAsync(ended.Id));

        Assert.True(local.Conclusion == remote.Conclusion, $"sluice run {local.Conclusion}, server {remote.Conclusion}: {Fleet.Describe(ended)}");
        Assert.Equal(local.Jobs, remote.Jobs);
        Assert.Equal(local.Lines, remote.Lines);
        Assert.Equal("success", local.Conclusion);
        Assert.Contains("call success said=hellox3", local.Jobs);
        Assert.Contains("call.speak token 12 other 0", local.Lines);
        Assert.Contains("inherit.speak token 12 other 10", local.Lines);
        Assert.Contains("unpassed.speak token 0 other 0", local.Lines);
        Assert.Contains("unpassed.speak count is a number true", local.Lines);
        Assert.Contains("fan-2.speak count is a number true", local.Lines);
        Assert.Contains("after call said hellox3, fan was success", local.Lines);
        Assert.Equal(["after", "call", "call.speak", "fan-1", "fan-1.speak", "fan-2", "fan-2.speak", "inherit", "inherit.speak", "setup", "unpassed", "unpassed.speak"], ended.Jobs.Select(j => j.Key).Order(StringComparer.Ordinal));
        Assert.Contains(ended.Jobs, j => j.Key == "fan-2.speak" && j.Name == "fan (3) / speak");
    }

    /// <summary>
    /// A reusable workflow of another repository (served by git http-backend on loopback), which calls a second one of
    /// its own repository with <c>./</c>: the server fetches both as <c>sluice run</c> does, from its
    /// <c>--actions-url</c>, and the run ends the same.
    /// </summary>
    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Reusable_workflows_of_another_repository_end_the_same_on_a_server_with_two_agents()
    {
        var served = Path.Combine(_fleet.Root.Path, "actions-host");
        await using var host = new GitHttpHost(served);
        var flows = new TestRepository(served, Path.Combine(_fleet.Root.Path, "flows-work"), "acme", "flows");
        flows.Commit(
            "flows",
            (".github/workflows/build.yml", """
                on:
                  workflow_call:
                    inputs:
                      who: { type: string, required: true }
                    outputs:
                      said: { value: "${{ jobs.speak.outputs.said }}" }
                jobs:
                  speak:
                    runs-on: ubuntu-latest
                    outputs: { said: "${{ steps.s.outputs.said }}" }
                    steps:
                      - id: s
                        run: |
                          echo "flows says hello ${{ inputs.who }}"
                          echo "said=hi-${{ inputs.who }}" >> "$GITHUB_OUTPUT"
                  inner:
                    uses: ./.github/workflows/inner.yml
                    with: { depth: 2 }
                """),
            (".github/workflows/inner.yml", """
                on:
                  workflow_call:
                    inputs:
                      depth: { type: number }
                jobs:
                  deep:
                    runs-on: ubuntu-latest
                    steps: [{ run: "echo inner at depth ${{ inputs.depth }}" }]
                """));
        flows.Tag("v1");
        flows.Publish();
        var repository = _fleet.Repository("remote-calls", (".github/workflows/caller.yml", """
            on: push
            jobs:
              remote:
                uses: acme/flows/.github/workflows/build.yml@v1
                with: { who: fleet }
              after:
                needs: remote
                runs-on: ubuntu-latest
                steps: [{ run: "echo remote said ${{ needs.remote.outputs.said }}" }]
            """));
        var url = host.BaseUrl.AbsoluteUri.TrimEnd('/');
        var local = await SluiceProcess.RunAsync(
            repository.Work,
            Fleet.Patience,
            new Dictionary<string, string?> { ["SLUICE_ACTIONS_CACHE_DIR"] = Path.Combine(_fleet.Root.Path, "local-store") },
            null,
            "run", "--format", "json", "--workflow", ".github/workflows/caller.yml", "--actions-url", url);
        Assert.True(local.ExitCode == 0, local.ToString());
        var expected = Outcome.OfLocalRun(local.StdoutLines);

        _fleet.ServerOptions = ["--actions-url", url];
        _fleet.ServerEnvironment = new Dictionary<string, string?> { ["SLUICE_ACTIONS_CACHE_DIR"] = Path.Combine(_fleet.Root.Path, "server-store") };
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.StartAgentAsync("agent-b");
        await _fleet.AddRepositoryAsync("remote-calls", repository);
        var ended = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("remote-calls", "caller.yml")).Id);
        var remote = Outcome.OfServerRun(ended, await _fleet.LogsAsync(ended.Id));

        Assert.True(expected.Conclusion == remote.Conclusion, $"sluice run {expected.Conclusion}, server {remote.Conclusion}: {Fleet.Describe(ended)}");
        Assert.Equal(expected.Jobs, remote.Jobs);
        Assert.Equal(expected.Lines, remote.Lines);
        Assert.Equal("success", remote.Conclusion);
        Assert.Equal(["after", "remote", "remote.inner", "remote.inner.deep", "remote.speak"], ended.Jobs.Select(j => j.Key).Order(StringComparer.Ordinal));
        Assert.Contains("remote.speak flows says hello fleet", remote.Lines);
        Assert.Contains("remote.inner.deep inner at depth 2", remote.Lines);
        Assert.Contains("after remote said hi-fleet", remote.Lines);
    }

    public void Dispose() => _fleet.Dispose();

    /// <summary>What a run ended with: its conclusion, each job's conclusion and outputs, and each job's step output in order.</summary>
    private sealed record Outcome(string Conclusion, IReadOnlyList<string> Jobs, IReadOnlyList<string> Lines)
    {
        public static Outcome OfLocalRun(IEnumerable<string> jsonLines)
        {
            var events = jsonLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;
            var jobs = events.Where(e => Text(e, "event") == "job_finished")
                .Select(e => Job(Text(e, "job"), Text(e, "result"), e.GetProperty("outputs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)));
            var lines = events.Where(e => Text(e, "event") == "line" && Text(e, "stream") == "stdout" && e.GetProperty("step").ValueKind == JsonValueKind.String)
                .Select(e => (Job: Text(e, "job"), Text: Text(e, "text")));
            return new Outcome(Text(events.Single(e => Text(e, "event") == "run_finished"), "result"), Sorted(jobs), Grouped(lines));
        }

        public static Outcome OfServerRun(RunView run, IReadOnlyList<LogLineView> log) => new(
            run.Conclusion!,
            Sorted(run.Jobs.Select(j => Job(j.Key, j.Conclusion!, j.Outputs))),
            Grouped(log.Where(l => l.Kind == "line" && l.Step is not null).Select(l => (l.Job, l.Text))));

        private static string Job(string key, string conclusion, IReadOnlyDictionary<string, string> outputs) =>
            string.Join(' ', [key, conclusion, .. outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}")]);

        private static List<string> Sorted(IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];

        /// <summary>Lines job by job (jobs in name order, each job's lines in the order it wrote them).</summary>
        private static List<string> Grouped(IEnumerable<(string Job, string Text)> lines) =>
            [.. lines.GroupBy(l => l.Job).OrderBy(g => g.Key, StringComparer.Ordinal).SelectMany(g => g.Select(l => $"{g.Key} {l.Text}"))];
    }
}
