using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality;

/// <summary>
/// The report files of a command, their formats detected up front from their first bytes, so that they can be read
/// kind by kind (test reports, then coverage, then benchmarks) and a streamed output can write each kind in one
/// piece. A file that cannot be read is listed with its error and the rest go on.
/// </summary>
internal sealed class ReportSet
{
    private readonly IReadOnlyList<string> _files;
    private readonly Dictionary<string, ReportFormat> _formats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    private ReportSet(IReadOnlyList<string> files)
    {
        _files = files;
        foreach (var file in files)
        {
            try
            {
                _formats[file] = ReportReaders.DetectFile(file).Format;
            }
            catch (ReportReadException ex)
            {
                _errors[file] = ex.Message;
            }
        }
    }

    public bool HasTests => _formats.Values.Any(QualitySummary.IsTestFormat);

    public bool HasCoverage => _formats.Values.Any(QualitySummary.IsCoverageFormat);

    /// <summary>Every file in the order given, with its format, and its error if it could not be read (so far).</summary>
    public IReadOnlyList<ReportFileInfo> Files =>
        [.. _files.Select(f => new ReportFileInfo(f, _formats.TryGetValue(f, out var format) ? format : null, _errors.GetValueOrDefault(f)))];

    public IReadOnlyList<string> Errors => [.. _files.Where(_errors.ContainsKey).Select(f => _errors[f])];

    public static ReportSet Detect(IReadOnlyList<string> files) => new(files);

    /// <summary>Reads the test reports into <paramref name="sink"/>, in the order given.</summary>
    public void ReadTests(IReportSink sink, ReportReadOptions options, CancellationToken cancellationToken) =>
        Read(sink, options, QualitySummary.IsTestFormat, cancellationToken);

    /// <summary>Reads the coverage reports into <paramref name="sink"/>, in the order given.</summary>
    public void ReadCoverage(IReportSink sink, ReportReadOptions options, CancellationToken cancellationToken) =>
        Read(sink, options, QualitySummary.IsCoverageFormat, cancellationToken);

    /// <summary>Reads the benchmark reports into <paramref name="sink"/>, in the order given.</summary>
    public void ReadBenchmarks(IReportSink sink, ReportReadOptions options, CancellationToken cancellationToken) =>
        Read(sink, options, format => !QualitySummary.IsTestFormat(format) && !QualitySummary.IsCoverageFormat(format), cancellationToken);

    public void ReadAll(IReportSink sink, ReportReadOptions options, CancellationToken cancellationToken)
    {
        ReadTests(sink, options, cancellationToken);
        ReadCoverage(sink, options, cancellationToken);
        ReadBenchmarks(sink, options, cancellationToken);
    }

    private void Read(IReportSink sink, ReportReadOptions options, Func<ReportFormat, bool> kind, CancellationToken cancellationToken)
    {
        foreach (var file in _files.Where(f => _formats.TryGetValue(f, out var format) && kind(format)))
        {
            try
            {
                ReportReaders.ReadFile(file, sink, options, cancellationToken);
            }
            catch (ReportReadException ex)
            {
                _errors[file] = ex.Message;
            }
        }
    }
}
