using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// A repository's benchmark trends on a branch, each point with the band the gate's analysis computes from the points
/// before it (<see cref="BenchmarkRegression"/>, with the options <c>sluice gate</c> uses by default), so that a chart
/// draws the band and flags the regressions the gate would have flagged.
/// </summary>
public static partial class QualityEndpoints
{
    public const int DefaultBenchmarkPoints = 50;

    public const int MaxBenchmarkPoints = 1000;

    private static async Task Benchmarks(HttpContext context, ServerState server)
    {
        var (repository, _, problem) = await RepositoryOf(context, server, TokenAction.ViewQualityHistory);
        var (limit, badLimit) = Number(context, "limit", DefaultBenchmarkPoints, 1, MaxBenchmarkPoints);
        var branch = context.Request.Query["branch"].FirstOrDefault();
        if ((problem ?? badLimit ?? (branch is { Length: > HistoryEndpoints.MaxNameLength } ? Problems.BadRequest("'branch' is too long") : null)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        branch = branch is { Length: > 0 } ? branch : repository!.DefaultBranch ?? "main";
        var options = new BenchmarkOptions();
        var rows = await server.Store.QualityBenchmarksAsync(repository!.Id, branch, limit + options.SampleCount, context.RequestAborted);
        var series = rows.GroupBy(r => r.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BenchmarkSeriesView(g.Key, Banded([.. g.OrderBy(p => p.QualityRunId)], options, limit)))
            .ToList();
        await Results.Json<IReadOnlyList<BenchmarkSeriesView>>(series, ProtocolJson.Default.IReadOnlyListBenchmarkSeriesView).ExecuteAsync(context);
    }

    /// <summary>The last <paramref name="limit"/> points (oldest first), each judged against those before it, newest first.</summary>
    private static IReadOnlyList<BenchmarkSeriesPointView> Banded(IReadOnlyList<BenchmarkHistoryRow> points, BenchmarkOptions options, int limit)
    {
        var views = new List<BenchmarkSeriesPointView>();
        for (var i = Math.Max(0, points.Count - limit); i < points.Count; i++)
        {
            var point = points[i];
            var before = new List<double>(options.SampleCount);
            for (var j = i - 1; j >= 0 && before.Count < options.SampleCount; j--)
            {
                before.Add(points[j].MeanNs);
            }

            var verdict = BenchmarkRegression.Evaluate(point.Name, point.MeanNs, before, options);
            views.Add(new BenchmarkSeriesPointView(
                point.QualityRunId,
                point.RunId,
                point.CommitSha,
                point.RecordedAt,
                point.MeanNs,
                point.StdDevNs,
                point.Samples,
                verdict.SampleCount >= 2 ? verdict.BaselineMean : null,
                verdict.UpperBound,
                verdict.Status == BenchmarkStatus.Regressed));
        }

        return views;
    }
}
