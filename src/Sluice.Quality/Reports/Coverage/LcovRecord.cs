using System.Text;

namespace Sluice.Quality.Reports.Coverage;

/// <summary>The SF record being read: its lines, and its branches per line until end_of_record folds them in.</summary>
internal sealed class LcovRecord(string fileName)
{
    private readonly List<(int Line, long Hits)> lines = [];
    private readonly Dictionary<int, (int Covered, int Total)> branches = [];

    public string FileName => fileName;

    public CoverageFile? File { get; private set; }

    public int StartLine { get; private set; }

    public void Start(string path, int lineNumber)
    {
        if (File is { } open)
        {
            throw new ReportReadException(fileName, lineNumber, $"SF before the end_of_record of '{open.Path}' (line {StartLine})");
        }

        if (path.Length == 0)
        {
            throw new ReportReadException(fileName, lineNumber, "SF has no path");
        }

        File = new CoverageFile(path);
        StartLine = lineNumber;
    }

    public CoverageFile End(int lineNumber)
    {
        var file = File ?? throw new ReportReadException(fileName, lineNumber, "end_of_record without an SF record");

        // DA lines are gathered and added in one pass, each with a single tree insertion: the sorted line map
        // is the costliest part of reading a large tracefile.
        if (!IsSorted(lines))
        {
            lines.Sort((a, b) => a.Line.CompareTo(b.Line));
        }

        for (var i = 0; i < lines.Count;)
        {
            var (line, hits) = lines[i++];
            while (i < lines.Count && lines[i].Line == line)
            {
                hits = SaturatingCoverage.Sum(hits, lines[i++].Hits);
            }

            var (covered, total) = branches.Remove(line, out var lineBranches) ? lineBranches : (0, 0);
            file.Lines.Add(line, new LineCoverage(hits, covered, total));
        }

        // A branch line with no DA line still counts as coverable: hit when any of its branches was taken.
        foreach (var (line, (covered, total)) in branches)
        {
            file.Lines.Add(line, new LineCoverage(covered > 0 ? 1 : 0, covered, total));
        }

        lines.Clear();
        branches.Clear();
        File = null;
        return file;
    }

    private static bool IsSorted(List<(int Line, long Hits)> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Line < lines[i - 1].Line)
            {
                return false;
            }
        }

        return true;
    }

    public void RequireOpen(ReadOnlySpan<byte> key, int lineNumber)
    {
        if (File is null)
        {
            throw new ReportReadException(fileName, lineNumber, $"{Encoding.ASCII.GetString(key)} outside an SF record");
        }
    }

    /// <summary>DA:&lt;line&gt;,&lt;hits&gt;[,&lt;checksum&gt;]</summary>
    public void Line(ReadOnlySpan<byte> value, int lineNumber)
    {
        RequireOpen("DA"u8, lineNumber);
        var comma = value.IndexOf((byte)',');
        if (comma < 0)
        {
            throw new ReportReadException(fileName, lineNumber, "DA needs a line number and a hit count: DA:<line>,<hits>");
        }

        var hitsText = value[(comma + 1)..];
        var checksum = hitsText.IndexOf((byte)',');
        if (checksum >= 0)
        {
            hitsText = hitsText[..checksum];
        }

        var line = ParseLine(value[..comma], "DA", lineNumber);
        if (!LcovNumbers.TryParseCount(hitsText, out var hits))
        {
            throw new ReportReadException(fileName, lineNumber, $"DA: '{LcovReader.Shorten(hitsText)}' is not a hit count");
        }

        if (line > 0)
        {
            lines.Add((line, hits));
        }
    }

    /// <summary>BRDA:&lt;line&gt;,[&lt;exception&gt;]&lt;block&gt;,&lt;branch&gt;,&lt;taken&gt; where taken is "-" when the block never ran.</summary>
    public void Branch(ReadOnlySpan<byte> value, int lineNumber)
    {
        RequireOpen("BRDA"u8, lineNumber);
        var first = value.IndexOf((byte)',');
        var last = value.LastIndexOf((byte)',');
        if (first < 0 || last == first || value[(first + 1)..last].IndexOf((byte)',') < 0)
        {
            throw new ReportReadException(fileName, lineNumber, "BRDA needs four fields: BRDA:<line>,<block>,<branch>,<taken>");
        }

        var line = ParseLine(value[..first], "BRDA", lineNumber);
        var takenText = value[(last + 1)..];
        long taken = 0;
        if (!takenText.SequenceEqual("-"u8) && !LcovNumbers.TryParseCount(takenText, out taken))
        {
            throw new ReportReadException(fileName, lineNumber, $"BRDA: '{LcovReader.Shorten(takenText)}' is not a taken count or '-'");
        }

        if (line > 0)
        {
            var (covered, total) = branches.GetValueOrDefault(line);
            branches[line] = (covered + (taken > 0 ? 1 : 0), total + 1);
        }
    }

    // Line 0 appears in some generators' output for code without a location; it is read and dropped.
    private int ParseLine(ReadOnlySpan<byte> text, string key, int lineNumber) =>
        LcovNumbers.TryParseLine(text, out var line)
            ? line
            : throw new ReportReadException(fileName, lineNumber, $"{key}: '{LcovReader.Shorten(text)}' is not a line number");
}
