using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// testId → class name and test assembly from a TRX file's TestDefinitions. Kept compact: GUID keys, and each
/// name stored once however many tests share it.
/// </summary>
internal sealed class TrxClassNames
{
    private readonly Dictionary<Guid, (string ClassName, string Assembly)> _byTestId = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    internal bool IsEmpty => _byTestId.Count == 0;

    internal (string ClassName, string Assembly)? Find(string? testId) =>
        Guid.TryParse(testId, out var id) && _byTestId.TryGetValue(id, out var test) ? test : null;

    /// <summary>Reads the TestDefinitions element the reader is on and leaves the reader after it.</summary>
    internal void ReadDefinitions(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        Guid? testId = null;
        var assembly = "";
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            if (reader.Depth == depth + 1)
            {
                // UnitTest (or another test type): its id is the results' testId.
                testId = Guid.TryParse(reader.GetAttribute("id"), out var id) ? id : null;
                assembly = Intern(TestReportValues.FileNameOf(reader.GetAttribute("storage") ?? ""));
                reader.Read();
            }
            else if (reader.LocalName == "TestMethod" && testId is { } key && reader.GetAttribute("className") is { Length: > 0 } className)
            {
                _byTestId[key] = (Intern(ClassNameOnly(className)), assembly);
                XmlReports.SkipBounded(reader);
            }
            else
            {
                XmlReports.SkipBounded(reader);
            }
        }

        reader.Read();
    }

    // Old MSTest writes an assembly-qualified name: "Ns.Class, Tests, Version=1.0.0.0, ...".
    private static string ClassNameOnly(string className)
    {
        var comma = className.IndexOf(',');
        return comma >= 0 ? className[..comma].Trim() : className;
    }

    private string Intern(string name)
    {
        if (_names.TryGetValue(name, out var existing))
        {
            return existing;
        }

        _names[name] = name;
        return name;
    }
}
