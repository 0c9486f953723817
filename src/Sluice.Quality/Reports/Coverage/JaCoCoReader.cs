using System.Xml;

namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Reads JaCoCo's XML report (report.dtd; its DOCTYPE is skipped, never fetched). Lines come from
/// package/sourcefile/line: covered instructions stand in for hits, and a line's branches are covered (cb) of
/// missed plus covered (mb + cb). The path is the package's slash-separated name joined with the file's name,
/// and each source file goes to the sink when its element ends.
/// </summary>
public sealed class JaCoCoReader : IReportReader
{
    public ReportFormat Format => ReportFormat.JaCoCo;

    public bool CanRead(string head) =>
        head.Contains("<!DOCTYPE report", StringComparison.Ordinal) || head.Contains("<report name=", StringComparison.Ordinal);

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken) =>
        XmlReports.Read(stream, fileName, reader => ReadDocument(reader, fileName, sink, cancellationToken));

    private static void ReadDocument(XmlReader reader, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        if (reader.LocalName != "report")
        {
            throw XmlReports.Error(reader, fileName, $"not a JaCoCo report: the root element is <{reader.LocalName}>, expected <report>");
        }

        // Multi-module reports nest packages in <group>s; a package is wherever it appears.
        string? package = null;
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
                switch (reader.LocalName)
                {
                    case "package":
                        package = reader.GetAttribute("name") ?? "";
                        break;
                    case "sourcefile" when package is not null:
                        var name = XmlAttributes.Required(reader, fileName, "name");
                        current = new CoverageFile(package.Length == 0 ? name : $"{package.TrimEnd('/')}/{name}");
                        if (reader.IsEmptyElement)
                        {
                            sink.OnCoverageFile(current);
                            current = null;
                        }

                        break;
                    case "line" when current is not null:
                        ReadLine(reader, fileName, current);
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.LocalName == "sourcefile" && current is not null)
                {
                    sink.OnCoverageFile(current);
                    current = null;
                }
                else if (reader.LocalName == "package")
                {
                    package = null;
                }
            }

            reader.Read();
        }
    }

    private static void ReadLine(XmlReader reader, string fileName, CoverageFile file)
    {
        var number = XmlAttributes.Int(reader, fileName, "nr");
        var missedInstructions = XmlAttributes.Count(reader, fileName, "mi");
        var coveredInstructions = XmlAttributes.Count(reader, fileName, "ci");
        var missedBranches = XmlAttributes.IntOrZero(reader, fileName, "mb");
        var coveredBranches = XmlAttributes.IntOrZero(reader, fileName, "cb");
        if (missedBranches < 0 || coveredBranches < 0 || (long)missedBranches + coveredBranches > int.MaxValue)
        {
            throw XmlReports.Error(reader, fileName, $"<line nr=\"{number}\"> has impossible branch counts mb={missedBranches} cb={coveredBranches}");
        }

        if (number > 0 && (missedInstructions > 0 || coveredInstructions > 0))
        {
            SaturatingCoverage.Add(file, number, new LineCoverage(coveredInstructions, coveredBranches, missedBranches + coveredBranches));
        }
    }
}
