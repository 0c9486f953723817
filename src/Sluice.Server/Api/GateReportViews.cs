using System.Text.Json;
using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>A kept gate report as the API shows it: the job it belongs to, and what the gate uploaded.</summary>
internal static class GateReportViews
{
    public static GateReportView Of(JobRow job, GateReportRow row, GateReportUpload report) => new(report)
    {
        Job = job.Key,
        JobName = job.DisplayName,
        Attempt = row.Attempt,
        HistoryRun = row.QualityRunId,
        RecordedAt = row.RecordedAt,
    };

    /// <summary>The report kept in <paramref name="row"/> (checked when it was taken, so it reads back whole).</summary>
    public static GateReportUpload Document(GateReportRow row) =>
        JsonSerializer.Deserialize(row.Document, ProtocolJson.Default.GateReportUpload)!;

    /// <summary>Of each job, the report of its latest attempt that sent one, by job key.</summary>
    public static IReadOnlyList<(JobRow Job, GateReportRow Row)> Latest(IReadOnlyList<JobRow> jobs, IReadOnlyList<GateReportRow> rows)
    {
        var byId = jobs.ToDictionary(j => j.Id);
        return [.. rows.Where(r => byId.ContainsKey(r.JobId))
            .GroupBy(r => r.JobId)
            .Select(g => (Job: byId[g.Key], Row: g.MaxBy(r => r.Attempt)!))
            .OrderBy(p => p.Job.Key, StringComparer.Ordinal)];
    }
}
