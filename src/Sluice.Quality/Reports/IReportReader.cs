namespace Sluice.Quality.Reports;

/// <summary>Reads one report format. Readers are stateless and safe to share.</summary>
public interface IReportReader
{
    ReportFormat Format { get; }

    /// <summary>True when the start of the file (its first few kilobytes, decoded as UTF-8) looks like this format.</summary>
    bool CanRead(string head);

    /// <summary>Streams the report into <paramref name="sink"/>. Throws <see cref="ReportReadException"/> for a file that is truncated or not this format.</summary>
    void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken);
}
