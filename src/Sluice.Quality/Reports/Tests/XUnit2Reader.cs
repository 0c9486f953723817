using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// xUnit v2 XML (assemblies/assembly/collection/test). The suite is the test assembly's file name. Errors in an
/// assembly's errors element (a failing fixture's cleanup, say) become errored results, so they cannot go unseen.
/// </summary>
public sealed class XUnit2Reader : IReportReader
{
    public ReportFormat Format => ReportFormat.XUnit2;

    public bool CanRead(string head) => XmlReports.RootElementName(head) is "assemblies" or "assembly";

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken) =>
        XmlReports.Read(stream, fileName, reader =>
        {
            if (reader.LocalName is not ("assemblies" or "assembly"))
            {
                throw XmlReports.Error(reader, fileName, $"expected an xUnit report (root element assemblies), found <{reader.Name}>");
            }

            var assembly = "";
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "assemblies" or "collection" or "errors":
                        reader.Read();
                        break;
                    case "assembly":
                        assembly = TestReportValues.FileNameOf(reader.GetAttribute("name") ?? "");
                        reader.Read();
                        break;
                    case "test":
                        cancellationToken.ThrowIfCancellationRequested();
                        sink.OnTestCase(ReadTest(reader, assembly));
                        break;
                    case "error":
                        sink.OnTestCase(ReadError(reader, assembly));
                        break;
                    default:
                        XmlReports.SkipBounded(reader);
                        break;
                }
            }
        });

    private static TestCaseResult ReadTest(XmlReader reader, string assembly)
    {
        var className = reader.GetAttribute("type") ?? "";
        var name = TestReportValues.WithoutClassPrefix(reader.GetAttribute("name") ?? reader.GetAttribute("method") ?? "", className);
        var outcome = reader.GetAttribute("result") switch
        {
            "Pass" => TestOutcome.Passed,
            "Fail" => TestOutcome.Failed,
            "Skip" or "NotRun" => TestOutcome.Skipped,
            _ => TestOutcome.Errored,
        };
        var duration = TestReportValues.Seconds(reader.GetAttribute("time"));
        var file = reader.GetAttribute("source-file") is { Length: > 0 } sourceFile ? sourceFile : null;
        var line = TestReportValues.Line(reader.GetAttribute("source-line"));
        var message = NUnitCaseBody.ReadMessage(reader);
        return new TestCaseResult(assembly, className, name, outcome, duration, message, file, line);
    }

    // <error type="test-class-cleanup" name="Ns.Class"><failure><message>…</message></failure></error>
    private static TestCaseResult ReadError(XmlReader reader, string assembly)
    {
        var kind = reader.GetAttribute("type") ?? "error";
        var className = reader.GetAttribute("name") ?? "";
        var message = NUnitCaseBody.ReadMessage(reader);
        return new TestCaseResult(assembly, className, $"[{kind}]", TestOutcome.Errored, 0, message);
    }
}
