using Sluice.Server.CodeHosts;
using Sluice.Server.Storage;

namespace Sluice.Server.Tests.CodeHosts;

/// <summary>What a run's commit shows, worked out from its rows alone; and which targets are refused, saying why.</summary>
public sealed class CommitStatusPlanTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_leg_and_gate_verdict_is_a_status_with_a_state_and_a_short_description()
    {
        var run = new RunRecord(7, 1, "shop", 3, "ci", ".github/workflows/ci.yml", "", "push", "refs/heads/main", "abc", "{}", "alice", true, "in_progress", null, false, Start, null);
        JobRow[] jobs =
        [
            Job("build", "Build it", JobStatuses.Completed, "success", TimeSpan.FromSeconds(72)),
            Job("test", "test (ubuntu, 20)", JobStatuses.Completed, "failure", TimeSpan.FromSeconds(45)),
            Job("lint", "lint", JobStatuses.Completed, "skipped", null),
            Job("docs", "docs", JobStatuses.Completed, "cancelled", null),
            Job("pack", "pack", JobStatuses.Running, null, null),
            Job("ship", "ship", JobStatuses.Queued, null, null),
            Job("deploy", "deploy", JobStatuses.Pending, null, null) with { Detail = "waiting for concurrency group 'prod' (run #2 holds it)" },
        ];
        var gate = new Sluice.Protocol.GateReportUpload
        {
            Verdict = "failed",
            Conditions = [new("tests", "tests.failed == 0", "failed", "1", "0", null), new("coverage", "coverage.line >= 80", "passed", "91", "80", null)],
            Tests = new(2, 1, 1, 0, 0, 0, 1.5),
            NewFailures = [],
        };

        var plan = CommitStatusPlan.Of(run, jobs, [(jobs[1], gate)]);

        Assert.Equal(
            [
                ("sluice/ci/Build it", "success", "Succeeded in 1m 12s"),
                ("sluice/ci/test (ubuntu, 20)", "failure", "Failed after 45s"),
                ("sluice/ci/lint", "success", "Skipped"),
                ("sluice/ci/docs", "cancelled", "Cancelled"),
                ("sluice/ci/pack", "running", "Running"),
                ("sluice/ci/ship", "pending", "Queued"),
                ("sluice/ci/deploy", "pending", "Waiting for concurrency group 'prod' (run #2 holds it)"),
                ("sluice/gate/test (ubuntu, 20)", "failure", "Gate failed: tests.failed == 0 (failed)"),
            ],
            plan.Select(s => (s.Context, s.State, s.Description)));
    }

    [Fact]
    public void Long_contexts_and_descriptions_are_cut_to_what_the_hosts_take_and_never_split_a_character()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 100));
        var description = CommitStatusPlan.Describe("line one\nline two " + emoji);
        var context = CommitStatusPlan.Context("ci", new string('x', 300));

        Assert.True(description.Length <= 140, description);
        Assert.StartsWith("line one line two 😀", description, StringComparison.Ordinal);
        Assert.EndsWith("😀…", description, StringComparison.Ordinal);
        Assert.Equal(255, context.Length);
        Assert.EndsWith("x…", context, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github", "https://api.github.com", "acme/shop", null)]
    [InlineData("github", "https://ghe.example.com/api/v3", "acme/shop", null)]
    [InlineData("gitlab", "https://gitlab.example.com/api/v4", "acme/tools/shop", null)]
    [InlineData("gitlab", "https://gitlab.example.com/api/v4", "4321", null)]
    [InlineData("gitea", "https://git.example.com/api/v1", "acme/shop", null)]
    [InlineData("bitbucket", "https://api.bitbucket.org", "acme/shop", "--host must be github, gitlab or gitea")]
    [InlineData("github", "ftp://api.github.com", "acme/shop", "--api must be the host's API base URL")]
    [InlineData("github", "https://api.github.com", "acme/tools/shop", "--path must be owner/name for GitHub and Gitea")]
    [InlineData("github", "https://api.github.com", "shop", "--path must be owner/name (GitLab")]
    [InlineData("gitea", "https://git.example.com/api/v1", "acme/../shop", "--path must be the repository's path")]
    public void A_target_is_refused_saying_what_to_fix(string host, string api, string path, string? problem)
    {
        var said = CodeHostKinds.Problem(host, api, path);

        if (problem is null)
        {
            Assert.Null(said);
        }
        else
        {
            Assert.StartsWith(problem, said, StringComparison.Ordinal);
        }
    }

    private static JobRow Job(string key, string name, string status, string? conclusion, TimeSpan? took) =>
        new(1, 7, key, key, name, ["linux"], "{}", status, conclusion, 1, null, null, null, false, null, null, Start, took is null ? null : Start, took is { } t ? Start + t : null);
}
