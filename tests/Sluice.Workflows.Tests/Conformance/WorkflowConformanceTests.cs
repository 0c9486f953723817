using Xunit.Abstractions;

namespace Sluice.Workflows.Tests.Conformance;

/// <summary>
/// GitHub's own workflow-parser vectors. A case conforms when Sluice agrees on valid or invalid and reports errors
/// on the same lines (and columns). Cases whose <c>skip</c> names C# are not GitHub's C# behaviour and are left out.
/// </summary>
public sealed class WorkflowConformanceTests(ITestOutputHelper output)
{
    /// <summary>Cases where Sluice deliberately differs from the vectors, with the reason.</summary>
    private static readonly Dictionary<string, string> Deviations = new(StringComparer.Ordinal)
    {
        ["errors-anchor-tag"] = "GitHub has accepted YAML anchors and aliases since 2025, and Sluice accepts them; the vector predates that.",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in WorkflowCase.LoadAll().Where(c => !c.Skip.Contains("C#")).Select(c => c.Name))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_agrees_with_GitHub_on_validity_and_error_places(string name)
    {
        if (Deviations.ContainsKey(name))
        {
            return;
        }

        var outcome = Run(WorkflowCase.Load(Path.Combine(ConformancePaths.Workflows, name + ".yml")));
        Assert.True(outcome.Conforms, outcome.Describe());
    }

    [Fact]
    public void Whole_suite_passes_and_prints_its_counts()
    {
        var all = WorkflowCase.LoadAll().ToList();
        var cases = all.Where(c => !c.Skip.Contains("C#")).ToList();
        var outcomes = cases.Where(c => !Deviations.ContainsKey(c.Name)).Select(Run).ToList();
        var passed = outcomes.Count(o => o.Conforms);
        var sameText = outcomes.Count(o => o.SameMessages);
        var line = $"workflows conformance: {passed} passed of {cases.Count}, {Deviations.Count} deliberate deviation ({string.Join(", ", Deviations.Keys)}); {all.Count - cases.Count} more skipped for C# by GitHub; identical message text in {sameText} of {outcomes.Count}";
        output.WriteLine(line);
        Console.WriteLine(line);
        foreach (var failure in outcomes.Where(o => !o.Conforms))
        {
            output.WriteLine(failure.Describe());
        }

        foreach (var worded in outcomes.Where(o => o.Conforms && !o.SameMessages))
        {
            output.WriteLine("worded differently: " + worded.Describe());
        }

        Assert.Equal(cases.Count - Deviations.Count, passed);
    }

    private static CaseOutcome Run(WorkflowCase testCase)
    {
        var result = new WorkflowReader(testCase.ReaderOptions()).Read(testCase.FileName, testCase.Workflow);
        var actual = result.Errors.Select(Place).Order().ToList();
        var expected = testCase.ExpectedErrors.Select(e => (e.Line, e.Column)).Order().ToList();
        var sameMessages = testCase.ExpectedErrors.Select(e => e.Message).Order(StringComparer.Ordinal)
            .SequenceEqual(result.Errors.Select(e => e.Message).Order(StringComparer.Ordinal));
        return new CaseOutcome(testCase, result, testCase.ExpectsErrors == !result.IsValid && actual.SequenceEqual(expected), sameMessages);
    }

    /// <summary>GitHub puts the place of YAML type errors in the message text rather than before it.</summary>
    private static (int?, int?) Place(WorkflowDiagnostic d) =>
        d.Line is { } line && d.Message.Contains($" on line {line} and column ", StringComparison.Ordinal) ? (null, null) : (d.Line, d.Column);

    private sealed record CaseOutcome(WorkflowCase Case, WorkflowReadResult Result, bool Conforms, bool SameMessages)
    {
        public string Describe() =>
            $"{Case.Name}: expected {(Case.ExpectsErrors ? "errors" : "valid")}\n" +
            string.Join("\n", Case.ExpectedErrors.Select(e => $"  want {e.Line}:{e.Column} {e.Message}")) + "\n" +
            string.Join("\n", Result.Errors.Select(e => $"  got  {e.Line}:{e.Column} {e.Message}"));
    }
}
