using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// Walks nested NUnit test-suite elements (2 and 3 alike), calling back for each test-case with the name of the
/// suite that holds it. Parameterized and generic method suites take their fixture's name, so a test's cases share one.
/// </summary>
internal static class NUnitSuites
{
    /// <summary>Walks from the root element to the end; the callback must leave the reader after the test-case.</summary>
    internal static void Read(XmlReader reader, Action<string, XmlReader> onTestCase)
    {
        var suites = new Stack<string>();
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.EndElement)
            {
                if (reader.LocalName == "test-suite" && suites.Count > 0)
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
                case "test-suite":
                    var outer = suites.TryPeek(out var top) ? top : "";
                    var name = reader.GetAttribute("type") is "ParameterizedMethod" or "ParameterizedTest" or "GenericMethod" or "Theory"
                        ? outer
                        : reader.GetAttribute("fullname") ?? reader.GetAttribute("name") ?? outer;
                    if (!reader.IsEmptyElement)
                    {
                        suites.Push(name);
                    }

                    reader.Read();
                    break;
                case "results":
                    reader.Read();
                    break;
                case "test-case":
                    onTestCase(suites.TryPeek(out var suite) ? suite : "", reader);
                    break;
                default:
                    // environment, settings, properties, output, failure and reason of suites: not results.
                    XmlReports.SkipBounded(reader);
                    break;
            }
        }
    }
}
