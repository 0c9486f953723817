using System.Globalization;
using System.Text;

namespace Sluice.Cli.Tests;

/// <summary>Small reports in the shapes the real tools write, for the quality commands' tests.</summary>
internal static class QualityReports
{
    public static string JUnit(params (string Class, string Name, string Outcome, double Seconds)[] cases)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"Shop.Tests\" tests=\"999\" failures=\"999\">\n");
        foreach (var (cls, name, outcome, seconds) in cases)
        {
            xml.Append(CultureInfo.InvariantCulture, $"    <testcase classname=\"{cls}\" name=\"{name}\" time=\"{seconds.ToString(CultureInfo.InvariantCulture)}\">");
            xml.Append(outcome switch
            {
                "failed" => "<failure message=\"expected 10 but was 12\" type=\"AssertionError\">at Cart.Total()</failure>",
                "errored" => "<error message=\"NullReferenceException\"/>",
                "skipped" => "<skipped/>",
                _ => "",
            });
            xml.Append("</testcase>\n");
        }

        return xml.Append("  </testsuite>\n</testsuites>\n").ToString();
    }

    /// <summary>Cobertura as coverlet writes it: absolute source root, relative file names.</summary>
    public static string Cobertura(string sourceRoot, string file, params (int Line, int Hits)[] lines)
    {
        var xml = new StringBuilder(FormattableString.Invariant($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<coverage line-rate=\"0.5\" branch-rate=\"0\" version=\"1.9\" timestamp=\"1700000000\" lines-covered=\"1\" lines-valid=\"2\">\n  <sources><source>{sourceRoot}</source></sources>\n  <packages><package name=\"Shop\" line-rate=\"0.5\"><classes>\n    <class name=\"Shop.Cart\" filename=\"{file}\" line-rate=\"0.5\"><methods/><lines>\n"));
        foreach (var (line, hits) in lines)
        {
            xml.Append(CultureInfo.InvariantCulture, $"      <line number=\"{line}\" hits=\"{hits}\" branch=\"False\"/>\n");
        }

        return xml.Append("    </lines></class>\n  </classes></package></packages>\n</coverage>\n").ToString();
    }
}
