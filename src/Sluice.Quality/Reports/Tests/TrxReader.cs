using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// Visual Studio TRX (TeamTest 2006 and 2010 namespaces). Results name their test by testId; the class name lives in
/// TestDefinitions, which dotnet test writes after Results. On a seekable stream a first pass reads the definitions
/// and counts testIds (<see cref="TrxRetries"/>), a second reads the results; a stream read once falls back to the
/// class part of the test's name and holds results to the end.
/// </summary>
public sealed class TrxReader : IReportReader
{
    public ReportFormat Format => ReportFormat.Trx;

    public bool CanRead(string head) =>
        XmlReports.RootElementName(head) == "TestRun" && head.Contains("microsoft.com/schemas/VisualStudio/TeamTest", StringComparison.Ordinal);

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        var classNames = new TrxClassNames();
        if (!stream.CanSeek)
        {
            var held = TrxRetries.Uncounted();
            XmlReports.Read(stream, fileName, reader => ReadRun(reader, fileName, element =>
            {
                if (element == "TestDefinitions")
                {
                    classNames.ReadDefinitions(reader);
                }
                else
                {
                    TrxResults.Read(reader, classNames, held, sink, cancellationToken);
                }
            }));
            held.Flush(sink);
            return;
        }

        var start = stream.Position;
        var retries = TrxRetries.Counted();
        XmlReports.Read(stream, fileName, reader => ReadRun(reader, fileName, element =>
        {
            if (element == "TestDefinitions")
            {
                classNames.ReadDefinitions(reader);
            }
            else
            {
                TrxResults.CountTestIds(reader, retries);
            }
        }));
        retries.EndCounting();

        stream.Position = start;
        XmlReports.Read(stream, fileName, reader => ReadRun(reader, fileName, element =>
        {
            if (element == "Results")
            {
                TrxResults.Read(reader, classNames, retries, sink, cancellationToken);
            }
            else
            {
                XmlReports.SkipBounded(reader);
            }
        }));
        retries.Flush(sink);
    }

    /// <summary>Walks the TestRun's children, handing TestDefinitions and Results to <paramref name="read"/> (which must leave the reader after them) and skipping the rest.</summary>
    private static void ReadRun(XmlReader reader, string fileName, Action<string> read)
    {
        ExpectTestRun(reader, fileName);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "TestDefinitions" or "Results")
            {
                read(reader.LocalName);
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                XmlReports.SkipBounded(reader);
            }
            else
            {
                reader.Read();
            }
        }
    }

    private static void ExpectTestRun(XmlReader reader, string fileName)
    {
        if (reader.LocalName != "TestRun")
        {
            throw XmlReports.Error(reader, fileName, $"expected a TRX report (root element TestRun), found <{reader.Name}>");
        }
    }
}
