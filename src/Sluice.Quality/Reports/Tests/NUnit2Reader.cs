using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>NUnit 2 results (root test-results): test-case elements named "Ns.Class.Method" with executed, result and success.</summary>
public sealed class NUnit2Reader : IReportReader
{
    public ReportFormat Format => ReportFormat.NUnit2;

    public bool CanRead(string head) => XmlReports.RootElementName(head) == "test-results";

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken) =>
        XmlReports.Read(stream, fileName, reader =>
        {
            if (reader.LocalName != "test-results")
            {
                throw XmlReports.Error(reader, fileName, $"expected an NUnit 2 report (root element test-results), found <{reader.Name}>");
            }

            NUnitSuites.Read(reader, (suite, r) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                sink.OnTestCase(ReadCase(r, suite));
            });
        });

    private static TestCaseResult ReadCase(XmlReader reader, string suite)
    {
        var (className, name) = TestReportValues.SplitQualified(reader.GetAttribute("name") ?? "");
        var outcome = Outcome(reader.GetAttribute("executed"), reader.GetAttribute("result"), reader.GetAttribute("success"));
        var duration = TestReportValues.Seconds(reader.GetAttribute("time"));
        var message = NUnitCaseBody.ReadMessage(reader);
        return new TestCaseResult(suite, className, name, outcome, duration, message);
    }

    private static TestOutcome Outcome(string? executed, string? result, string? success) => result switch
    {
        "Success" => TestOutcome.Passed,
        "Failure" => TestOutcome.Failed,
        "Error" or "Cancelled" or "NotRunnable" => TestOutcome.Errored,
        "Ignored" or "Skipped" or "Inconclusive" => TestOutcome.Skipped,
        _ when string.Equals(executed, "False", StringComparison.OrdinalIgnoreCase) => TestOutcome.Skipped,
        _ when string.Equals(success, "True", StringComparison.OrdinalIgnoreCase) => TestOutcome.Passed,
        _ => TestOutcome.Failed,
    };
}
