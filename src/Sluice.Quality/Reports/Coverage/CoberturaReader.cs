using System.Globalization;
using System.Xml;

namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Reads Cobertura XML (coverlet, coverage.py, gcovr, istanbul and others). Lines come from class/lines only:
/// method/lines repeats them. Classes sharing a filename are merged, and each file reaches the sink once, after
/// the document has been read to its end, named by its filename resolved against the report's &lt;sources&gt;
/// (<see cref="CoveragePaths.Resolve"/>): two reports that write one file relative to different roots name it
/// alike. The sources themselves also go to an <see cref="ICoverageSourcesSink"/>.
/// </summary>
public sealed class CoberturaReader(Func<string, bool> fileExists) : IReportReader
{
    private const int MaxSourceLength = 4096;

    /// <summary>A reader that, for a report with several sources, looks on this machine for which one holds a file.</summary>
    public CoberturaReader()
        : this(File.Exists)
    {
    }

    public ReportFormat Format => ReportFormat.Cobertura;

    public bool CanRead(string head)
    {
        var root = head.IndexOf("<coverage", StringComparison.Ordinal);
        return root >= 0 && (head.IndexOf("line-rate", root, StringComparison.Ordinal) >= 0 || head.IndexOf("lines-valid", root, StringComparison.Ordinal) >= 0);
    }

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken) =>
        XmlReports.Read(stream, fileName, reader => ReadDocument(reader, fileName, sink, cancellationToken));

    private void ReadDocument(XmlReader reader, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        if (reader.LocalName != "coverage")
        {
            throw XmlReports.Error(reader, fileName, $"not a Cobertura report: the root element is <{reader.LocalName}>, expected <coverage>");
        }

        var files = new CoverageAccumulator();
        var sources = new List<string>();
        var path = new List<string>();
        CoverageFile? current = null;
        var nodes = 0;
        while (!reader.EOF)
        {
            if ((++nodes & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.NodeType == XmlNodeType.Element)
            {
                var depth = reader.Depth;
                SetAt(path, depth, reader.LocalName);
                var parent = depth >= 1 ? path[depth - 1] : "";
                switch (reader.LocalName)
                {
                    case "source" when parent == "sources" && depth == 2:
                        var source = XmlReports.ReadBoundedText(reader, MaxSourceLength).Trim();
                        if (source.Length > 0)
                        {
                            sources.Add(source);
                        }

                        continue;
                    case "class" when parent == "classes":
                        current = files[XmlAttributes.Required(reader, fileName, "filename")];
                        break;
                    case "line" when parent == "lines" && depth >= 2 && path[depth - 2] == "class" && current is not null:
                        ReadLine(reader, fileName, current);
                        break;
                }
            }

            reader.Read();
        }

        if (sources.Count > 0 && sink is ICoverageSourcesSink sourcesSink)
        {
            sourcesSink.OnCoverageSources(fileName, sources);
        }

        files.Flush(sink, path => CoveragePaths.Resolve(path, sources, fileExists));
    }

    private static void ReadLine(XmlReader reader, string fileName, CoverageFile file)
    {
        var number = XmlAttributes.Int(reader, fileName, "number");
        var hits = XmlAttributes.Count(reader, fileName, "hits");
        var (covered, total) = (0, 0);
        if (string.Equals(reader.GetAttribute("branch"), "true", StringComparison.OrdinalIgnoreCase)
            && reader.GetAttribute("condition-coverage") is { } conditions)
        {
            (covered, total) = ParseConditions(conditions) ?? throw XmlReports.Error(
                reader, fileName, $"<line> condition-coverage=\"{XmlAttributes.Shorten(conditions)}\" is not of the form \"50% (1/2)\"");
        }

        if (number > 0)
        {
            SaturatingCoverage.Add(file, number, new LineCoverage(hits, covered, total));
        }
    }

    /// <summary>"50% (1/2)": the part in parentheses is branches covered of branches there.</summary>
    internal static (int Covered, int Total)? ParseConditions(string text)
    {
        var open = text.IndexOf('(');
        var slash = text.IndexOf('/', Math.Max(open, 0));
        var close = text.IndexOf(')', Math.Max(slash, 0));
        if (open < 0 || slash < 0 || close < 0)
        {
            return null;
        }

        var span = text.AsSpan();
        return int.TryParse(span[(open + 1)..slash].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var covered)
            && int.TryParse(span[(slash + 1)..close].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            && covered <= total
            ? (covered, total)
            : null;
    }

    private static void SetAt(List<string> path, int depth, string name)
    {
        if (depth < path.Count)
        {
            path[depth] = name;
        }
        else
        {
            path.Add(name);
        }
    }
}
