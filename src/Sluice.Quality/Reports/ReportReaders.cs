using System.Text;

namespace Sluice.Quality.Reports;

/// <summary>Every report format this version reads, detection from a file's first bytes, and reading a file by path.</summary>
public static class ReportReaders
{
    /// <summary>How much of a file detection looks at.</summary>
    public const int HeadBytes = 8192;

    /// <summary>Every reader, in detection order.</summary>
    public static IReadOnlyList<IReportReader> All { get; } =
    [
        new JUnitReader(),
        new TrxReader(),
        new NUnit3Reader(),
        new NUnit2Reader(),
        new XUnit2Reader(),
        new Coverage.CoberturaReader(),
        new Coverage.JaCoCoReader(),
        new Coverage.OpenCoverReader(),
        new Coverage.LcovReader(),
        new Benchmarks.BenchmarkDotNetReader(),
        new Benchmarks.GoogleBenchmarkReader(),
    ];

    /// <summary>The reader for a file whose start (decoded as UTF-8) is <paramref name="head"/>, or null.</summary>
    public static IReportReader? Detect(string head)
    {
        foreach (var reader in All)
        {
            if (reader.CanRead(head))
            {
                return reader;
            }
        }

        return null;
    }

    /// <summary>
    /// Detects the format of the file at <paramref name="path"/> and streams it into <paramref name="sink"/>.
    /// Throws <see cref="ReportReadException"/> for a missing, empty, unknown, truncated or malformed file.
    /// </summary>
    public static IReportReader ReadFile(string path, IReportSink sink, CancellationToken cancellationToken) =>
        ReadFile(path, sink, ReportReadOptions.Default, cancellationToken);

    /// <inheritdoc cref="ReadFile(string, IReportSink, CancellationToken)"/>
    public static IReportReader ReadFile(string path, IReportSink sink, ReportReadOptions options, CancellationToken cancellationToken)
    {
        using var stream = Open(path);
        var reader = WithOptions(DetectStream(stream, path), options);
        stream.Position = 0;
        reader.Read(stream, path, sink, cancellationToken);
        return reader;
    }

    /// <summary>The format of the file at <paramref name="path"/>, from its first bytes; throws <see cref="ReportReadException"/> like <see cref="ReadFile(string, IReportSink, CancellationToken)"/>.</summary>
    public static IReportReader DetectFile(string path)
    {
        using var stream = Open(path);
        return DetectStream(stream, path);
    }

    private static IReportReader WithOptions(IReportReader reader, ReportReadOptions options) =>
        reader is JUnitReader && options.RepeatedCasesAreRetries ? new JUnitReader(options) : reader;

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ReportReadException(path, null, "no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ReportReadException(path, null, "the file cannot be read: permission denied", e);
        }
    }

    /// <summary>Detects the format from the start of a seekable stream; the stream is left wherever detection stopped.</summary>
    internal static IReportReader DetectStream(Stream stream, string fileName)
    {
        var buffer = new byte[HeadBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length == 0)
        {
            throw new ReportReadException(fileName, null, "the file is empty; expected a test, coverage or benchmark report");
        }

        return Detect(DecodeHead(buffer.AsSpan(0, length)))
            ?? throw new ReportReadException(
                fileName,
                null,
                "not a test, coverage or benchmark report this version reads; expected JUnit, TRX, NUnit, xUnit, Cobertura, lcov, JaCoCo, OpenCover, BenchmarkDotNet JSON or Google Benchmark JSON");
    }

    /// <summary>
    /// The head as text: UTF-8 (BOM dropped, a multi-byte character cut at the end replaced), or UTF-16 when the
    /// file starts with its BOM.
    /// </summary>
    internal static string DecodeHead(ReadOnlySpan<byte> head)
    {
        if (head is [0xFF, 0xFE, ..])
        {
            return Encoding.Unicode.GetString(head[2..(2 + ((head.Length - 2) & ~1))]);
        }

        if (head is [0xFE, 0xFF, ..])
        {
            return Encoding.BigEndianUnicode.GetString(head[2..(2 + ((head.Length - 2) & ~1))]);
        }

        if (head is [0xEF, 0xBB, 0xBF, ..])
        {
            head = head[3..];
        }

        return Encoding.UTF8.GetString(head);
    }
}
