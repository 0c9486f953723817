using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>The body of an NUnit 2 or 3 test-case (or xUnit test): the failure or skip message; output is not kept.</summary>
internal static class NUnitCaseBody
{
    /// <summary>
    /// Reads the test-case the reader is on and leaves the reader after it. Returns failure/message, else
    /// reason/message (or reason's own text, as xUnit writes it).
    /// </summary>
    internal static string? ReadMessage(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        string? failure = null;
        string? reason = null;
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
            }
            else if (reader.LocalName == "failure")
            {
                failure ??= ReadContainerMessage(reader);
            }
            else if (reader.LocalName == "reason")
            {
                reason ??= ReadContainerMessage(reader);
            }
            else
            {
                XmlReports.SkipBounded(reader);
            }
        }

        reader.Read();
        return failure ?? reason;
    }

    // <failure><message>…</message><stack-trace>…</stack-trace></failure>, or <reason>text</reason>.
    private static string? ReadContainerMessage(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        string? message = null;
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "message")
            {
                message ??= TestReportValues.Message(XmlReports.ReadBoundedText(reader, TestCaseResult.MaxMessageLength).Trim());
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                XmlReports.SkipBounded(reader);
            }
            else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && reader.Depth == depth + 1)
            {
                var text = XmlReports.ReadBoundedValue(reader, TestCaseResult.MaxMessageLength).Trim();
                message ??= TestReportValues.Message(text);
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
        return message;
    }
}
