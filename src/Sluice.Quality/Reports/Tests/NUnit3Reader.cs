using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>NUnit 3 results (root test-run): test-case elements with result, label, duration, classname and methodname.</summary>
public sealed class NUnit3Reader : IReportReader
{
    public ReportFormat Format => ReportFormat.NUnit3;

    public bool CanRead(string head) => XmlReports.RootElementName(head) == "test-run";

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken) =>
        XmlReports.Read(stream, fileName, reader =>
        {
            if (reader.LocalName != "test-run")
            {
                throw XmlReports.Error(reader, fileName, $"expected an NUnit 3 report (root element test-run), found <{reader.Name}>");
            }

            NUnitSuites.Read(reader, (suite, r) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.OnTestCase(ReadCase(r, suite));
            });
        });

    private static TestCaseResult ReadCase(XmlReader reader, string suite)
    {
        var name = reader.GetAttribute("name") ?? "";
        var fullName = reader.GetAttribute("fullname") ?? "";
        var className = reader.GetAttribute("classname") is { Length: > 0 } declared
            ? declared
            : TestReportValues.SplitQualified(fullName).ClassName;
        var outcome = Outcome(reader.GetAttribute("result"), reader.GetAttribute("label"));
        var duration = TestReportValues.Seconds(reader.GetAttribute("duration"));
        var message = NUnitCaseBody.ReadMessage(reader);
        return new TestCaseResult(suite, className, name, outcome, duration, message);
    }

    private static TestOutcome Outcome(string? result, string? label) => result switch
    {
        "Passed" or "Warning" => TestOutcome.Passed,
        "Failed" when label is "Error" or "Cancelled" or "Invalid" => TestOutcome.Errored,
        "Failed" => TestOutcome.Failed,
        "Skipped" or "Inconclusive" => TestOutcome.Skipped,
        _ => TestOutcome.Errored,
    };
}
