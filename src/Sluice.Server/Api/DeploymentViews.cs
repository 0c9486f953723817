using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>A stored deployment as the API shows it, with its health gate's window and latest samples.</summary>
public static class DeploymentViews
{
    public const int SamplesShown = 20;

    public static DeploymentView Of(DeploymentRow row, IReadOnlyList<DeploymentSampleRow> samples)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(samples);
        var health = row.HealthStartedAt is null && samples.Count == 0
            ? null
            : new DeploymentHealthView(row.HealthStartedAt, row.HealthUntil, Verdict(row), [.. samples.Select(Sample).OfType<HealthSampleView>()]);
        return new DeploymentView(
            row.Id,
            row.Repository,
            row.Environment,
            row.RunId,
            row.RunNumber,
            row.JobKey,
            row.Ref,
            row.Sha,
            row.Url,
            row.Status,
            row.Detail,
            row.TriggeredBy,
            row.CreatedAt,
            row.StartedAt,
            row.DeployedAt,
            row.HealthyAt,
            row.FailedAt,
            row.CommitAt,
            row.RollbackOf,
            row.Status == DeploymentStatuses.Waiting ? row.WaitUntil : null,
            row.Reviewers,
            [.. row.Reviews.Select(r => new DeploymentReviewView(r.Reviewer, r.Approved, r.Comment, r.At))],
            health);
    }

    /// <summary>The gate's verdict once its window is over: passed (it became healthy), failed (it breached); null while it runs.</summary>
    private static string? Verdict(DeploymentRow row) => row.HealthStartedAt is null
        ? null
        : row.HealthyAt is not null ? "passed"
        : row.Status is DeploymentStatuses.Failure or DeploymentStatuses.RolledBack ? "failed"
        : null;

    private static HealthSampleView? Sample(DeploymentSampleRow sample)
    {
        try
        {
            return JsonSerializer.Deserialize(sample.Document, ProtocolJson.Default.HealthSampleView);
        }
        catch (JsonException)
        {
            return new HealthSampleView(sample.At, sample.Verdict, []);
        }
    }
}
