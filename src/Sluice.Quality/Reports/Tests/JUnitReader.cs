using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// JUnit XML in the variants tools write: Ant/Jenkins, Maven Surefire (with rerun and flaky elements), pytest xunit1
/// and xunit2, go-junit-report, jest-junit, PHPUnit (nested suites, file and line), and testsuite roots.
/// Summary counts on suites are never trusted; every testcase element is one result.
/// </summary>
public sealed class JUnitReader : IReportReader
{
    public ReportFormat Format => ReportFormat.JUnit;

    public bool CanRead(string head) => XmlReports.RootElementName(head) is "testsuites" or "testsuite";

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken) =>
        XmlReports.Read(stream, fileName, reader =>
        {
            if (reader.LocalName is not ("testsuites" or "testsuite"))
            {
                throw XmlReports.Error(reader, fileName, $"expected a JUnit report (root element testsuites or testsuite), found <{reader.Name}>");
            }

            ReadSuites(reader, sink, cancellationToken);
        });

    private static void ReadSuites(XmlReader reader, IReportSink sink, CancellationToken cancellationToken)
    {
        // Only the names of the enclosing suites are kept, never their content.
        var suites = new Stack<string>();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.LocalName == "testsuite" && suites.Count > 0)
                {
                    suites.Pop();
                }

                reader.Read();
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "testsuites":
                    reader.Read();
                    break;
                case "testsuite":
                    var name = reader.GetAttribute("name") ?? (suites.TryPeek(out var outer) ? outer : "");
                    if (reader.IsEmptyElement)
                    {
                        reader.Read();
                    }
                    else
                    {
                        suites.Push(name);
                        reader.Read();
                    }

                    break;
                case "testcase":
                    cancellationToken.ThrowIfCancellationRequested();
                    sink.OnTestCase(JUnitTestCase.Read(reader, suites.TryPeek(out var suite) ? suite : ""));
                    break;
                default:
                    // properties, system-out, system-err at suite level: nothing a result needs.
                    XmlReports.SkipBounded(reader);
                    break;
            }
        }
    }
}
