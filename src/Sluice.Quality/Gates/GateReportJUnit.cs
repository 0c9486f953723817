using System.Globalization;
using System.Xml;

namespace Sluice.Quality.Gates;

/// <summary>The gate as JUnit XML, so that any CI shows each condition as a test: failed as a failure, inconclusive as skipped.</summary>
public static class GateReportJUnit
{
    public static void Write(Stream stream, GateResult result)
    {
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "sluice.gate");
        xml.WriteAttributeString("tests", Count(result.Conditions.Count));
        xml.WriteAttributeString("failures", Count(result.Conditions.Count(c => c.Outcome == ConditionOutcome.Failed)));
        xml.WriteAttributeString("skipped", Count(result.Conditions.Count(c => c.Outcome == ConditionOutcome.Inconclusive)));
        foreach (var r in result.Conditions)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "sluice.gate");
            xml.WriteAttributeString("name", r.Condition.Name);
            xml.WriteAttributeString("time", "0");
            var text = $"measured {r.Measured}, threshold {r.Threshold}{(r.Reason is null ? "" : $": {r.Reason}")}";
            if (r.Outcome == ConditionOutcome.Failed)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", text);
                xml.WriteString(r.Condition.Expression);
                xml.WriteEndElement();
            }
            else if (r.Outcome == ConditionOutcome.Inconclusive)
            {
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", text);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
