using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality;

/// <summary>Reads every report file into one summary; a file that cannot be read is listed with its error and the rest go on.</summary>
internal static class ReportSet
{
    public static QualitySummary Read(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var collected = new CollectingSink();
        var merger = new TestResultMerger(collected);
        var infos = new List<ReportFileInfo>();
        foreach (var file in files)
        {
            try
            {
                var reader = ReportReaders.ReadFile(file, merger, cancellationToken);
                infos.Add(new ReportFileInfo(file, reader.Format));
            }
            catch (ReportReadException ex)
            {
                infos.Add(new ReportFileInfo(file, null, ex.Message));
            }
        }

        return QualitySummary.Create(infos, merger.Results, collected.Coverage, collected.Benchmarks);
    }

    public static IReadOnlyList<string> Errors(QualitySummary summary) =>
        [.. summary.Files.Where(f => f.Error is not null).Select(f => f.Error!)];
}
