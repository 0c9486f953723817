using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// Visual Studio TRX (TeamTest 2006 and 2010 namespaces). Results name their test by testId; the class name lives in
/// TestDefinitions, which dotnet test writes after Results. On a seekable stream the reader makes a second pass
/// rather than hold results back; otherwise it falls back to the class part of the test's name.
/// </summary>
public sealed class TrxReader : IReportReader
{
    public ReportFormat Format => ReportFormat.Trx;

    public bool CanRead(string head) =>
        XmlReports.RootElementName(head) == "TestRun" && head.Contains("microsoft.com/schemas/VisualStudio/TeamTest", StringComparison.Ordinal);

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var classNames = new TrxClassNames();
        var deferred = false;
        XmlReports.Read(stream, fileName, reader =>
        {
            ExpectTestRun(reader, fileName);
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                }
                else if (reader.LocalName == "TestDefinitions")
                {
                    classNames.ReadDefinitions(reader);
                }
                else if (reader.LocalName == "Results" && !classNames.IsEmpty || reader.LocalName == "Results" && !stream.CanSeek)
                {
                    TrxResults.Read(reader, classNames, sink, cancellationToken);
                }
                else if (reader.LocalName == "Results")
                {
                    deferred = true;
                    XmlReports.SkipBounded(reader);
                }
                else if (reader.LocalName == "TestRun")
                {
                    reader.Read();
                }
                else
                {
                    XmlReports.SkipBounded(reader);
                }
            }
        });

        if (!deferred)
        {
            return;
        }

        stream.Position = start;
        XmlReports.Read(stream, fileName, reader =>
        {
            ExpectTestRun(reader, fileName);
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Results")
                {
                    TrxResults.Read(reader, classNames, sink, cancellationToken);
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.Depth > 0)
                {
                    XmlReports.SkipBounded(reader);
                }
                else
                {
                    reader.Read();
                }
            }
        });
    }

    private static void ExpectTestRun(XmlReader reader, string fileName)
    {
        if (reader.LocalName != "TestRun")
        {
            throw XmlReports.Error(reader, fileName, $"expected a TRX report (root element TestRun), found <{reader.Name}>");
        }
    }
}
