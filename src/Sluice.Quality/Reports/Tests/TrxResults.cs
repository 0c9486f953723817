using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>Reads a TRX Results element: one result per UnitTestResult, or per inner result of a data-driven test.</summary>
internal static class TrxResults
{
    /// <summary>Reads the Results element the reader is on and leaves the reader after it.</summary>
    internal static void Read(XmlReader reader, TrxClassNames classNames, IReportSink sink, CancellationToken cancellationToken)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadResult(reader, classNames, sink);
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
    }

    // A UnitTestResult (or a result of another test type): emits it, or its inner results when it has any.
    private static void ReadResult(XmlReader reader, TrxClassNames classNames, IReportSink sink)
    {
        var testName = reader.GetAttribute("testName") ?? "";
        var testId = reader.GetAttribute("testId");
        var outcome = Outcome(reader.GetAttribute("outcome"));
        var duration = TestReportValues.TimeSpanSeconds(reader.GetAttribute("duration"));
        string? message = null;
        var innerResults = 0;

        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            reader.Read();
            while (!reader.EOF && reader.Depth > depth)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                }
                else if (reader.LocalName is "Output" or "ErrorInfo")
                {
                    reader.Read();
                }
                else if (reader.LocalName == "Message")
                {
                    message ??= TestReportValues.Message(XmlReports.ReadBoundedText(reader, TestCaseResult.MaxMessageLength).Trim());
                }
                else if (reader.LocalName == "InnerResults" && !reader.IsEmptyElement)
                {
                    var innerDepth = reader.Depth;
                    reader.Read();
                    while (!reader.EOF && reader.Depth > innerDepth)
                    {
                        if (reader.NodeType == XmlNodeType.Element)
                        {
                            ReadResult(reader, classNames, sink);
                            innerResults++;
                        }
                        else
                        {
                            reader.Read();
                        }
                    }

                    reader.Read();
                }
                else
                {
                    // StdOut, StdErr, DebugTrace, StackTrace, ResultFiles: not kept.
                    XmlReports.SkipBounded(reader);
                }
            }
        }

        reader.Read();
        if (innerResults > 0)
        {
            return;
        }

        var definition = classNames.Find(testId);
        var className = definition?.ClassName ?? TestReportValues.SplitQualified(testName).ClassName;
        var name = TestReportValues.WithoutClassPrefix(testName, className);
        sink.OnTestCase(new TestCaseResult(definition?.Assembly ?? "", className, name, outcome, duration, message));
    }

    private static TestOutcome Outcome(string? outcome) => outcome switch
    {
        "Passed" or "PassedButRunAborted" or "Completed" or "Warning" => TestOutcome.Passed,
        "Failed" => TestOutcome.Failed,
        "NotExecuted" or "Inconclusive" or "Pending" or "InProgress" => TestOutcome.Skipped,
        // Error, Timeout, Aborted, Disconnected, NotRunnable, and anything unknown: the test did not complete.
        _ => TestOutcome.Errored,
    };
}
