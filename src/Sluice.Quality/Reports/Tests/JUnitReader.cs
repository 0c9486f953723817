using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// JUnit XML in the variants tools write: Ant/Jenkins, Maven Surefire (with rerun and flaky elements), pytest xunit1
/// and xunit2, go-junit-report, jest-junit, PHPUnit (nested suites, file and line), and testsuite roots.
/// Summary counts on suites are never trusted; every testcase element is one case, unless the report shows it is a
/// retry of an earlier one (<see cref="JUnitRetryScope"/>).
/// </summary>
public sealed class JUnitReader(ReportReadOptions options) : IReportReader
{
    public JUnitReader()
        : this(ReportReadOptions.Default)
    {
    }

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

    private void ReadSuites(XmlReader reader, IReportSink sink, CancellationToken cancellationToken)
    {
        // The enclosing suites' names, and for a suite whose repeats are retries its cases until it ends.
        var suites = new Stack<(string Name, JUnitRetryScope? Retries)>();
        var outside = JUnitRetryScope.For("", options);
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.LocalName == "testsuite" && suites.Count > 0)
                {
                    suites.Pop().Retries?.Flush(sink);
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
                    var name = reader.GetAttribute("name") ?? (suites.TryPeek(out var outer) ? outer.Name : "");
                    if (!reader.IsEmptyElement)
                    {
                        suites.Push((name, JUnitRetryScope.For(name, options)));
                    }

                    reader.Read();
                    break;
                case "testcase":
                    cancellationToken.ThrowIfCancellationRequested();
                    var (suite, retries) = suites.TryPeek(out var inner) ? inner : ("", outside);
                    var testCase = JUnitTestCase.Read(reader, suite);
                    if (retries is null)
                    {
                        sink.OnTestCase(testCase);
                    }
                    else
                    {
                        retries.Add(testCase);
                    }

                    break;
                default:
                    // properties, system-out, system-err at suite level: nothing a result needs.
                    XmlReports.SkipBounded(reader);
                    break;
            }
        }

        outside?.Flush(sink);
    }
}
