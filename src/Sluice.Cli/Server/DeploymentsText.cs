using System.Globalization;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice deployments</c>' table, newest first, and <c>sluice deployments show</c>'s one deployment.</summary>
internal static class DeploymentsText
{
    public static void WriteTable(TextWriter output, IReadOnlyList<DeploymentView> deployments, DateTimeOffset now)
    {
        if (deployments.Count == 0)
        {
            output.WriteLine("no deployments yet");
            return;
        }

        output.WriteLine($"{"id",6}  {"environment",-14} {"status",-11} {"commit",-10} {"ref",-20} {"run",6}  {"age",-8} reviews");
        foreach (var d in deployments)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Id,6}  {d.Environment,-14} {d.Status,-11} {Short(d.Sha),-10} {ShortRef(d.Ref),-20} {"#" + d.RunNumber,6}  {Age(d.CreatedAt, now),-8} {Reviews(d)}"));
        }
    }

    public static void WriteOne(TextWriter output, DeploymentView d)
    {
        output.WriteLine($"deployment {d.Id}: {d.Repository} to {d.Environment}, {d.Status}{(d.Detail is { } detail ? $" ({detail})" : "")}");
        Fact(output, "run", string.Create(CultureInfo.InvariantCulture, $"#{d.RunNumber} (sluice runs --run {d.RunId}), job {d.Job}"));
        Fact(output, "commit", $"{d.Sha} on {ShortRef(d.Ref)}");
        Fact(output, "url", d.Url);
        Fact(output, "triggered by", d.TriggeredBy);
        Fact(output, "rollback of", d.RollbackOf is { } of ? $"deployment {of}" : null);
        Fact(output, "created", Time(d.CreatedAt));
        Fact(output, "started", Time(d.StartedAt));
        Fact(output, "waits until", Time(d.WaitUntil));
        Fact(output, "deployed", Time(d.DeployedAt));
        Fact(output, "healthy", Time(d.HealthyAt));
        Fact(output, "failed", Time(d.FailedAt));
        Fact(output, "committed", Time(d.CommitAt));
        Fact(output, "reviewers", d.Reviewers.Count > 0 ? string.Join(", ", d.Reviewers) : null);
        foreach (var review in d.Reviews)
        {
            var said = review.Comment is { Length: > 0 } comment ? $": {comment}" : "";
            Fact(output, "review", $"{(review.Approved ? "approved" : "rejected")} by {review.Reviewer} {Time(review.At)}{said}");
        }

        if (d.Health is { } health)
        {
            output.WriteLine($"health gate: {health.Verdict ?? "not judged yet"}, window {Time(health.StartedAt) ?? "not started"} to {Time(health.Until) ?? "-"}");
            foreach (var sample in health.Samples)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sample.At:HH:mm:ss} {sample.Verdict,-12} {string.Join("; ", sample.Conditions.Select(Condition))}"));
            }
        }
    }

    private static string Condition(HealthConditionView c) =>
        $"{c.Name} {c.Outcome} ({c.Measured}{(c.Reason is { } why ? ", " + why : "")})";

    /// <summary>Who approved or rejected it; while it waits, whom it waits for.</summary>
    public static string Reviews(DeploymentView d)
    {
        var answers = d.Reviews.Select(r => (r.Approved ? "approved by " : "rejected by ") + r.Reviewer).ToList();
        if (d.Status == DeploymentStatuses.Waiting && d.Reviewers.Count > 0)
        {
            answers.Add("waits for " + string.Join(", ", d.Reviewers.Where(r => !d.Reviews.Any(v => v.Reviewer == r))));
        }
        else if (d.Status == DeploymentStatuses.Waiting && d.WaitUntil is { } until)
        {
            answers.Add(string.Create(CultureInfo.InvariantCulture, $"waits until {until:HH:mm} UTC"));
        }

        return answers.Count > 0 ? string.Join(", ", answers) : "-";
    }

    public static string Age(DateTimeOffset at, DateTimeOffset now)
    {
        var seconds = Math.Max(0, (now - at).TotalSeconds);
        return seconds switch
        {
            < 60 => "just now",
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m ago"),
            < 86_400 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h ago"),
            < 30 * 86_400 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 86_400)}d ago"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd}"),
        };
    }

    private static void Fact(TextWriter output, string label, string? value)
    {
        if (value is not null)
        {
            output.WriteLine($"  {label,-13} {value}");
        }
    }

    private static string? Time(DateTimeOffset? at) => at is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z") : null;

    private static string Short(string sha) => sha.Length > 8 ? sha[..8] : sha;

    private static string ShortRef(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
        : reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? reference["refs/tags/".Length..]
        : reference;
}
