using Xunit.Abstractions;

namespace Sluice.Expressions.Tests.Conformance;

public class ConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var testCase in ConformanceData.Cases)
        {
            data.Add(testCase.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Conformance_case_gives_GitHubs_result(string name)
    {
        var testCase = ConformanceData.Cases.Single(c => c.Name == name);
        var failure = ConformanceRunner.Run(testCase);
        Assert.True(failure is null, $"{name}: {testCase.Expr}\n{failure}");
    }

    [Fact]
    public void Every_conformance_case_passes()
    {
        var failures = new List<string>();
        foreach (var testCase in ConformanceData.Cases)
        {
            if (ConformanceRunner.Run(testCase) is { } failure)
            {
                failures.Add($"{testCase.Name}: {testCase.Expr}\n    {failure}");
            }
        }

        var total = ConformanceData.Cases.Count;
        var summary = ConformanceRunner.Summary(total - failures.Count, total);
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(total > 1000, $"expected the full conformance set, found {total} cases in {ConformanceData.Directory}");
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures));
    }
}
