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

    /// <summary>
    /// TRX as dotnet test writes it: results first (each naming its test by testId), definitions after. Results that
    /// share a testId are attempts of one test; definitions are written once per testId.
    /// </summary>
    public static string Trx(params (string TestId, string TestName, string ClassName, string Outcome)[] results)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun id=\"7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6\" name=\"ci\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n  <Results>\n");
        var execution = 0;
        foreach (var (testId, testName, _, outcome) in results)
        {
            execution++;
            xml.Append(CultureInfo.InvariantCulture, $"    <UnitTestResult executionId=\"00000000-0000-0000-0000-{execution:D12}\" testId=\"{testId}\" testName=\"{Escape(testName)}\" computerName=\"ci\" duration=\"00:00:00.0100000\" testType=\"13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b\" outcome=\"{outcome}\" testListId=\"8c84fa94-04c1-424b-9868-57a2d4851a1d\">");
            xml.Append(outcome == "Failed" ? "<Output><ErrorInfo><Message>Assert.Equal() Failure</Message></ErrorInfo></Output>" : "");
            xml.Append("</UnitTestResult>\n");
        }

        xml.Append("  </Results>\n  <TestDefinitions>\n");
        foreach (var (testId, testName, className, _) in results.DistinctBy(r => r.TestId))
        {
            xml.Append(CultureInfo.InvariantCulture, $"    <UnitTest name=\"{Escape(testName)}\" storage=\"/src/tests/bin/shop.tests.dll\" id=\"{testId}\"><TestMethod codeBase=\"/src/tests/bin/Shop.Tests.dll\" adapterTypeName=\"executor://xunit/VsTestRunner2/netcoreapp\" className=\"{className}\" name=\"{Escape(testName)}\" /></UnitTest>\n");
        }

        return xml.Append("  </TestDefinitions>\n</TestRun>\n").ToString();
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);
}
