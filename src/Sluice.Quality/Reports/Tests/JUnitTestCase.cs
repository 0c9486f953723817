using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>Reads one JUnit testcase element, keeping only what its result needs.</summary>
internal static class JUnitTestCase
{
    /// <summary>Reads the testcase the reader is on and leaves the reader after its end.</summary>
    internal static TestCaseResult Read(XmlReader reader, string suite)
    {
        var name = reader.GetAttribute("name") ?? "";
        var className = NonEmpty(reader.GetAttribute("classname")) ?? NonEmpty(reader.GetAttribute("class")) ?? suite;
        var duration = TestReportValues.Seconds(reader.GetAttribute("time"));
        var file = NonEmpty(reader.GetAttribute("file"));
        var line = TestReportValues.Line(reader.GetAttribute("line"));

        var outcome = TestOutcome.Passed;
        string? message = null;
        string? flakyMessage = null;
        var flakyRuns = 0;
        var reruns = 0;

        if (reader.IsEmptyElement)
        {
            reader.Read();
            return new TestCaseResult(suite, className, name, outcome, duration, null, file, line);
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "error":
                    (outcome, message) = Worse(outcome, message, TestOutcome.Errored, ReadMessage(reader));
                    break;
                case "failure":
                    (outcome, message) = Worse(outcome, message, TestOutcome.Failed, ReadMessage(reader));
                    break;
                case "skipped":
                    (outcome, message) = Worse(outcome, message, TestOutcome.Skipped, ReadMessage(reader));
                    break;
                case "flakyFailure" or "flakyError":
                    flakyRuns++;
                    flakyMessage ??= TestReportValues.Message(reader.GetAttribute("message"));
                    XmlReports.SkipBounded(reader);
                    break;
                case "rerunFailure" or "rerunError":
                    reruns++;
                    message ??= TestReportValues.Message(reader.GetAttribute("message"));
                    XmlReports.SkipBounded(reader);
                    break;
                case "properties":
                    (file, line) = ReadLocation(reader, file, line);
                    break;
                default:
                    // system-out, system-err and anything a tool adds: skipped without holding its text.
                    XmlReports.SkipBounded(reader);
                    break;
            }
        }

        // On the testcase's end tag.
        reader.Read();

        if (reruns > 0 && outcome is TestOutcome.Passed)
        {
            // Surefire writes rerun elements beside the final failure; alone, they still mean every run failed.
            outcome = TestOutcome.Failed;
        }

        if (flakyRuns > 0 && outcome is TestOutcome.Passed)
        {
            return new TestCaseResult(suite, className, name, TestOutcome.Flaky, duration, flakyMessage, file, line, 1 + flakyRuns);
        }

        return new TestCaseResult(suite, className, name, outcome, duration, message, file, line, 1 + reruns);
    }

    // error beats failure beats skipped; the first message of the winning kind is kept.
    private static (TestOutcome, string?) Worse(TestOutcome current, string? currentMessage, TestOutcome next, string? nextMessage) =>
        Rank(next) > Rank(current) ? (next, nextMessage ?? currentMessage) : (current, currentMessage ?? nextMessage);

    private static int Rank(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Errored => 3,
        TestOutcome.Failed => 2,
        TestOutcome.Skipped => 1,
        _ => 0,
    };

    // The message attribute, else the element's text (a stack trace or the test's output), both truncated.
    private static string? ReadMessage(XmlReader reader)
    {
        var attribute = TestReportValues.Message(reader.GetAttribute("message"));
        if (attribute is not null)
        {
            XmlReports.SkipBounded(reader);
            return attribute;
        }

        return TestReportValues.Message(XmlReports.ReadBoundedText(reader, TestCaseResult.MaxMessageLength).Trim());
    }

    // <properties><property name="file" value="..."/><property name="line" value="12"/></properties>
    private static (string? File, int? Line) ReadLocation(XmlReader reader, string? file, int? line)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return (file, line);
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "property")
            {
                switch (reader.GetAttribute("name"))
                {
                    case "file":
                        file ??= NonEmpty(reader.GetAttribute("value"));
                        break;
                    case "line":
                        line ??= TestReportValues.Line(reader.GetAttribute("value"));
                        break;
                }

                XmlReports.SkipBounded(reader);
                continue;
            }

            reader.Read();
        }

        reader.Read();
        return (file, line);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
