using System.Text;

namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Reads lcov tracefiles (geninfo's format, including lcov 2.0's FNL/FNA function records). Each SF record goes to
/// the sink at its end_of_record, so memory holds one source file at a time. LF/LH/BRF/BRH/FNF/FNH totals are not
/// trusted: the counts come from the DA and BRDA lines. A tracefile that merges nothing may list one path in
/// several records; each arrives as its own <see cref="CoverageFile"/>.
/// </summary>
public sealed class LcovReader : IReportReader
{
    private const int MaxLineLength = 1024 * 1024;

    public ReportFormat Format => ReportFormat.Lcov;

    public bool CanRead(string head)
    {
        foreach (var line in head.TrimStart('\uFEFF').AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (!trimmed.IsEmpty)
            {
                return trimmed.StartsWith("TN:") || trimmed.StartsWith("SF:");
            }
        }

        return false;
    }

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        var lines = new Utf8LineReader(stream, fileName, MaxLineLength);
        var record = new LcovRecord(fileName);
        var sawContent = false;
        while (lines.TryReadLine(out var line))
        {
            if ((lines.LineNumber & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var text = line.Trim(" \t"u8);
            if (text.IsEmpty)
            {
                continue;
            }

            if (!sawContent && !text.StartsWith("TN:"u8) && !text.StartsWith("SF:"u8))
            {
                throw new ReportReadException(fileName, lines.LineNumber, "not an lcov tracefile: expected it to start with a TN: or SF: line");
            }

            sawContent = true;
            ReadLine(text, lines.LineNumber, record, sink);
        }

        if (!sawContent)
        {
            throw new ReportReadException(fileName, null, "the file is empty; expected an lcov tracefile");
        }

        if (record.File is { } open)
        {
            throw new ReportReadException(fileName, lines.LineNumber, $"the record for '{open.Path}' (line {record.StartLine}) has no end_of_record: the file is truncated");
        }
    }

    private static void ReadLine(ReadOnlySpan<byte> text, int lineNumber, LcovRecord record, IReportSink sink)
    {
        if (text.SequenceEqual("end_of_record"u8))
        {
            sink.OnCoverageFile(record.End(lineNumber));
            return;
        }

        var colon = text.IndexOf((byte)':');
        if (colon <= 0 || !IsKey(text[..colon]))
        {
            throw new ReportReadException(record.FileName, lineNumber, $"not an lcov line: '{Shorten(text)}'");
        }

        var key = text[..colon];
        var value = text[(colon + 1)..];
        if (key.SequenceEqual("SF"u8))
        {
            record.Start(Encoding.UTF8.GetString(value), lineNumber);
        }
        else if (key.SequenceEqual("DA"u8))
        {
            record.Line(value, lineNumber);
        }
        else if (key.SequenceEqual("BRDA"u8))
        {
            record.Branch(value, lineNumber);
        }
        else if (key.SequenceEqual("FN"u8) || key.SequenceEqual("FNL"u8))
        {
            // FN:<line>[,<end line>],<name> and FNL:<index>,<line>[,<end line>] both start with a number.
            record.RequireOpen(key, lineNumber);
            RequireNumberField(value, 0, key, lineNumber, record.FileName);
        }
        else if (key.SequenceEqual("FNDA"u8))
        {
            // FNDA:<hits>,<name>
            record.RequireOpen(key, lineNumber);
            RequireNumberField(value, 0, key, lineNumber, record.FileName);
        }
        else if (key.SequenceEqual("FNA"u8))
        {
            // FNA:<index>,<hits>,<name>
            record.RequireOpen(key, lineNumber);
            RequireNumberField(value, 0, key, lineNumber, record.FileName);
            RequireNumberField(value, 1, key, lineNumber, record.FileName);
        }

        // TN, LF/LH, BRF/BRH, FNF/FNH and keys of later lcov versions carry nothing the counts need.
    }

    private static bool IsKey(ReadOnlySpan<byte> key)
    {
        foreach (var b in key)
        {
            if (b is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }

    private static void RequireNumberField(ReadOnlySpan<byte> value, int index, ReadOnlySpan<byte> key, int lineNumber, string fileName)
    {
        var field = value;
        for (var i = 0; i < index; i++)
        {
            var comma = field.IndexOf((byte)',');
            field = comma < 0 ? [] : field[(comma + 1)..];
        }

        var end = field.IndexOf((byte)',');
        if (end < 0)
        {
            throw new ReportReadException(fileName, lineNumber, $"{Encoding.ASCII.GetString(key)} needs more comma-separated fields");
        }

        if (!LcovNumbers.TryParseCount(field[..end], out _))
        {
            throw new ReportReadException(fileName, lineNumber, $"{Encoding.ASCII.GetString(key)}: '{Shorten(field[..end])}' is not a number");
        }
    }

    internal static string Shorten(ReadOnlySpan<byte> text)
    {
        var shown = Encoding.UTF8.GetString(text[..Math.Min(text.Length, 80)]);
        return text.Length > 80 ? shown + "…" : shown;
    }
}
