using System.Globalization;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Chaos;

/// <summary>
/// The steady load of the chaos tests: a repository <c>load</c> whose workflows record each step's side effect, once
/// per attempt, in a file outside the workspace, and the checks of the final state of every run, job and side effect.
/// </summary>
public sealed class ChaosLoad(Fleet fleet)
{
    public const string Repository = "load";

    /// <summary>One line per step that ran: <c>RUN JOB ATTEMPT</c>.</summary>
    public string SideEffects { get; } = Path.Combine(fleet.Root.Path, "side-effects.txt");

    /// <summary>
    /// A step's side effect: one line naming the run, the job and the job's attempt, appended outside the workspace.
    /// The agent runs each attempt in <c>runs/JOBID-ATTEMPT/work/JOB</c>, so the attempt is read from the workspace's path
    /// (<c>GITHUB_RUN_ATTEMPT</c> counts re-runs of the whole run, not the attempts of one job). It also sets
    /// <c>attempt</c> for the rest of the step.
    /// </summary>
    public string RecordAttempt => $$"""
        attempt_folder=$(basename "$(dirname "$(dirname "$GITHUB_WORKSPACE")")")
        attempt=${attempt_folder##*-}
        echo "$GITHUB_RUN_ID $GITHUB_JOB $attempt" >> "{{SideEffects}}"
        """;

    /// <summary>
    /// Adds the repository: <c>load.yml</c> (<c>build</c>, then <c>ship</c> with build's output) and <c>hold.yml</c>
    /// (<c>hold</c>, which says "holding" and waits for <see cref="Fleet.ReleaseFile"/>, then <c>after</c>), and any
    /// other workflows given.
    /// </summary>
    public async Task AddAsync(params (string Path, string Content)[] more)
    {
        var repository = fleet.Repository(Repository, [
            (".github/workflows/load.yml", $$$"""
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    outputs:
                      made: ${{ steps.make.outputs.made }}
                    steps:
                      - id: make
                        run: |
                          {{{Indent(RecordAttempt, 10)}}}
                          echo "made=$GITHUB_RUN_ID" >> "$GITHUB_OUTPUT"
                  ship:
                    needs: build
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          {{{Indent(RecordAttempt, 10)}}}
                          [ "${{ needs.build.outputs.made }}" = "$GITHUB_RUN_ID" ] || { echo "ship saw '${{ needs.build.outputs.made }}'"; exit 1; }
                """),
            (".github/workflows/hold.yml", $$"""
                on: push
                jobs:
                  hold:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          {{Indent(RecordAttempt, 10)}}
                          echo "holding"
                          while [ ! -e "{{fleet.ReleaseFile}}" ]; do sleep 0.05; done
                          echo "released"
                  after:
                    needs: hold
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          {{Indent(RecordAttempt, 10)}}
                """),
            .. more,
        ]);
        await fleet.AddRepositoryAsync(Repository, repository);
    }

    /// <summary>Starts a run of one of the repository's workflows through this replica's API.</summary>
    public async Task<long> TriggerAsync(string workflow, ApiClient through) => (await fleet.TriggerAsync(Repository, workflow, through)).Id;

    /// <summary>The side effects so far: (run, job, attempt) for each line.</summary>
    public IReadOnlyList<(long Run, string Job, int Attempt)> Recorded() =>
        [.. File.ReadAllLines(SideEffects).Select(line => line.Split(' ')).Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), f[1], int.Parse(f[2], CultureInfo.InvariantCulture)))];

    /// <summary>
    /// Waits for the end of each run, and checks that each concluded success, every job in it succeeded, and each
    /// attempt that ran its steps left its side effect exactly once (no step ran twice, none was lost). Returns the runs.
    /// </summary>
    public async Task<IReadOnlyList<RunView>> AssertEachSucceededOnceAsync(IEnumerable<long> runs)
    {
        var ended = new List<RunView>();
        foreach (var id in runs)
        {
            var run = await fleet.WaitForEndAsync(id);
            Assert.True(run.Conclusion == "success", Fleet.Describe(run) + "\n" + await fleet.LogTextAsync(id));
            ended.Add(run);
        }

        var recorded = Recorded();
        var twice = recorded.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"side effects recorded more than once: {string.Join(", ", twice)}");
        foreach (var run in ended)
        {
            foreach (var job in run.Jobs)
            {
                Assert.True((job.Status, job.Conclusion) == ("completed", "success"), Fleet.Describe(run));
                // The attempts that ran their steps: each one, then the job's last, which succeeded; attempts that could
                // not start the job ("failed-to-run") never reached a step.
                var ran = job.Attempts.Where(a => a.Outcome != "failed-to-run").Select(a => a.Attempt);
                Assert.Equal(ran, recorded.Where(r => r.Run == run.Id && r.Job == job.Key).Select(r => r.Attempt).Order());
                Assert.Equal(job.Attempt, job.Attempts[^1].Attempt);
                Assert.Equal("completed", job.Attempts[^1].Outcome);
            }
        }

        Assert.Equal(ended.Sum(r => r.Jobs.Sum(j => j.Attempts.Count(a => a.Outcome != "failed-to-run"))), recorded.Count(r => ended.Any(e => e.Id == r.Run)));
        return ended;
    }

    /// <summary>Every job of these runs ran once: its first attempt, on one agent, with nothing re-queued.</summary>
    public static void AssertNoJobRanAgain(IEnumerable<RunView> runs)
    {
        foreach (var run in runs)
        {
            Assert.All(run.Jobs, j => Assert.True((j.Attempt, j.Attempts.Count) == (1, 1), Fleet.Describe(run) + ": " + string.Join("; ", j.Attempts.Select(a => $"{a.Attempt} {a.Agent} {a.Outcome} {a.Reason}"))));
        }
    }

    /// <summary>A script of several lines for a <c>run: |</c> block, its lines after the first indented to the first's.</summary>
    public static string Indent(string script, int spaces) => script.Replace("\n", "\n" + new string(' ', spaces), StringComparison.Ordinal);
}
