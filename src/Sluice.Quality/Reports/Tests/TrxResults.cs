using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>Reads a TRX Results element: one result per UnitTestResult, or per inner result of a data-driven test.</summary>
internal static class TrxResults
{
    /// <summary>The first pass over the Results element the reader is on: counts each top-level result's testId, and leaves the reader after it.</summary>
    internal static void CountTestIds(XmlReader reader, TrxRetries retries) =>
        ForEachResult(reader, () =>
        {
            retries.Count(reader.GetAttribute("testId"));
            XmlReports.SkipBounded(reader);
        });

    /// <summary>Reads the Results element the reader is on and leaves the reader after it.</summary>
    internal static void Read(XmlReader reader, TrxClassNames classNames, TrxRetries retries, IReportSink sink, CancellationToken cancellationToken) =>
        ForEachResult(reader, () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var testId = reader.GetAttribute("testId");
            var rows = new List<TestCaseResult>(1);
            ReadResult(reader, classNames, rows);
            retries.Accept(testId, rows, sink);
        });

    // Calls onResult on each child element of the Results element the reader is on (it must leave the reader after
    // the child), and leaves the reader after Results.
    private static void ForEachResult(XmlReader reader, Action onResult)
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
                onResult();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
    }

    // A UnitTestResult (or a result of another test type): adds it to rows, or its inner results when it has any.
    private static void ReadResult(XmlReader reader, TrxClassNames classNames, List<TestCaseResult> rows)
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
                            ReadResult(reader, classNames, rows);
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
        rows.Add(new TestCaseResult(definition?.Assembly ?? "", className, name, outcome, duration, message));
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
