using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Quality.Reports;
using Sluice.Security.Tokens;

namespace Sluice.Server.Api;

/// <summary>A run's tests, failures first, and one test's history in its repository.</summary>
public static partial class QualityEndpoints
{
    public const int DefaultTestPage = 200;

    public const int MaxTestPage = 2000;

    public const int MaxHistoryPoints = 200;

    private static async Task RunTests(HttpContext context, ServerState server)
    {
        var (run, _, problem) = await ClientEndpoints.RunOf(context, server, TokenAction.ViewQualityHistory);
        var outcome = context.Request.Query["outcome"].FirstOrDefault() ?? "all";
        var (offset, badOffset) = Number(context, "offset", 0, 0, int.MaxValue);
        var (limit, badLimit) = Number(context, "limit", DefaultTestPage, 1, MaxTestPage);
        problem ??= badOffset ?? badLimit ?? (outcome is "all" or "failing" ? null : Problems.BadRequest("'outcome' is 'failing' (failed, errored or flaky) or 'all' (the default)"));
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var jobs = await server.Store.JobsAsync(run!.Id, context.RequestAborted);
        var jobKey = context.Request.Query["job"].FirstOrDefault();
        if (jobKey is not null && jobs.All(j => j.Key != jobKey))
        {
            await Problems.NotFound($"run {run.Id} has no job '{Security.Printable.Of(jobKey)}'").ExecuteAsync(context);
            return;
        }

        var keys = jobs.ToDictionary(j => j.Id, j => j.Key);
        // Per job, the tests its report names as new failures and as flaky, looked up once per test.
        var marks = (await LatestReportsAsync(server, run.Id, context.RequestAborted)).ToDictionary(
            r => r.Job.Id,
            r => (New: r.Report.NewFailures.Select(f => f.Test).ToHashSet(StringComparer.Ordinal), Flaky: r.Report.Flaky.Select(f => f.Test).ToHashSet(StringComparer.Ordinal)));
        var quarantined = (await server.Store.QuarantineAsync(run.RepositoryId, context.RequestAborted)).Select(q => q.TestId).ToHashSet(StringComparer.Ordinal);
        var tests = (await server.Store.RunQualityTestsAsync(run.Id, context.RequestAborted))
            .Where(t => keys.ContainsKey(t.JobId) && (jobKey is null || keys[t.JobId] == jobKey))
            .Where(t => outcome == "all" || t.Test.Outcome is TestOutcome.Failed or TestOutcome.Errored or TestOutcome.Flaky)
            .Select(t =>
            {
                var name = t.Test.Name ?? t.Test.Id;
                var mark = marks.GetValueOrDefault(t.JobId);
                return new RunTestView(
                    t.Test.Id,
                    t.Test.Name,
                    t.Test.Outcome.ToString(),
                    t.Test.DurationSeconds,
                    t.Test.Attempts,
                    keys[t.JobId],
                    mark.New?.Contains(t.Test.Id) == true,
                    t.Test.Outcome == TestOutcome.Flaky || mark.Flaky?.Contains(t.Test.Id) == true || mark.Flaky?.Contains(name) == true,
                    quarantined.Contains(t.Test.Id) || quarantined.Contains(name));
            })
            .OrderBy(Rank)
            .ThenBy(t => t.Test, StringComparer.Ordinal)
            .ThenBy(t => t.Job, StringComparer.Ordinal)
            .ToList();
        var page = tests.Skip(offset).Take(limit).ToList();
        await Results.Json(new RunTestsView(tests.Count, page), ProtocolJson.Default.RunTestsView).ExecuteAsync(context);
    }

    /// <summary>Failed and errored first, then flaky, then the rest.</summary>
    private static int Rank(RunTestView test) =>
        test.Outcome is nameof(TestOutcome.Failed) or nameof(TestOutcome.Errored) ? 0 : test.Flaky ? 1 : 2;

    private static async Task TestHistory(HttpContext context, ServerState server)
    {
        var (repository, _, problem) = await RepositoryOf(context, server, TokenAction.ViewQualityHistory);
        var (test, badTest) = TestOf(context);
        var (limit, badLimit) = Number(context, "limit", 30, 1, MaxHistoryPoints);
        var branch = context.Request.Query["branch"].FirstOrDefault();
        if ((problem ?? badTest ?? badLimit ?? (branch is { Length: > HistoryEndpoints.MaxNameLength } ? Problems.BadRequest("'branch' is too long") : null)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var points = await server.Store.QualityTestHistoryAsync(repository!.Id, test!, branch is { Length: > 0 } ? branch : null, limit, context.RequestAborted);
        var entry = (await server.Store.QuarantineAsync(repository.Id, context.RequestAborted)).FirstOrDefault(q => q.TestId == test);
        var view = new TestHistoryView(
            test!,
            entry is null ? null : new TestQuarantineView(entry.Reason, entry.AddedBy, entry.AddedAt),
            [.. points.Select(p => new TestHistoryPointView(p.QualityRunId, p.RunId, p.CommitSha, p.Branch, p.RecordedAt, p.Outcome.ToString(), p.DurationSeconds, p.Attempts))]);
        await Results.Json(view, ProtocolJson.Default.TestHistoryView).ExecuteAsync(context);
    }
}
