using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// The filters of <c>GET /api/v1/runs</c> as the query string gives them, checked; and the address of the next page.
/// <c>status</c> takes GitHub's words for its list of workflow runs: a state (<c>queued</c>, <c>pending</c>,
/// <c>in_progress</c>, <c>completed</c>) or the conclusion of a completed run (<c>success</c>, <c>failure</c>,
/// <c>cancelled</c>, <c>skipped</c>).
/// </summary>
public static class RunListQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static readonly IReadOnlyList<string> Statuses =
        [RunStatuses.Queued, RunStatuses.Pending, RunStatuses.InProgress, RunStatuses.Completed, "success", "failure", "cancelled", "skipped"];

    /// <summary>Longer than any ref, workflow or event name a run has; longer values find nothing and are refused.</summary>
    private const int MaxValue = 1024;

    private static readonly string[] Filters = ["repo", "branch", "workflow", "event", "status"];

    public static (RunQuery? Query, string? Problem) Parse(IQueryCollection query, IReadOnlyList<string>? repositories)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Filters)
        {
            var (value, problem) = Filter(query, name);
            if (problem is not null)
            {
                return (null, problem);
            }

            values[name] = value;
        }

        if (values["status"] is { } status && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            return (null, $"'status' must be one of {string.Join(", ", Statuses)}");
        }

        long? before = null;
        if (query["before"].FirstOrDefault() is { Length: > 0 } cursor)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                return (null, "'before' must be a run id (the cursor of the previous page's Link header)");
            }

            before = id;
        }

        var limit = int.TryParse(query["limit"], out var l) ? Math.Clamp(l, 1, MaxLimit) : DefaultLimit;
        return (new RunQuery(limit, values["repo"], repositories, values["branch"], values["workflow"], values["event"], values["status"], before), null);
    }

    /// <summary>A filter's value (null when absent or empty), or the problem with it: too long, or with control characters.</summary>
    public static (string? Value, string? Problem) Filter(IQueryCollection query, string name)
    {
        ArgumentNullException.ThrowIfNull(query);
        var value = query[name].FirstOrDefault();
        return value is { Length: > MaxValue } || (value is not null && value.Any(char.IsControl))
            ? (null, $"'{name}' must be at most {MaxValue} characters, without control characters")
            : (value is { Length: > 0 } ? value : null, null);
    }

    /// <summary>The same list from the run before <paramref name="lastId"/>: the request's path and filters with <c>before</c> replaced.</summary>
    public static string NextPage(HttpRequest request, long lastId)
    {
        var kept = request.Query
            .Where(pair => pair.Key != "before")
            .SelectMany(pair => pair.Value.Select(value => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(value ?? "")));
        return request.PathBase + request.Path + "?" + string.Join("&", kept.Append("before=" + lastId.ToString(CultureInfo.InvariantCulture)));
    }
}
