namespace Sluice.Quality.Reports;

/// <summary>A report that cannot be read: names the file and, when known, the line, and says what is wrong.</summary>
public sealed class ReportReadException(string file, int? line, string message, Exception? inner = null)
    : Exception(line is { } l ? $"{file}:{l}: {message}" : $"{file}: {message}", inner)
{
    public string File { get; } = file;

    public int? Line { get; } = line;

    public string Reason { get; } = message;
}
