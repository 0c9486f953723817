using Sluice.Quality.Gates;

namespace Sluice.Quality.Tests.Gates;

public sealed class GateDefinitionLoaderTests
{
    [Fact]
    public void A_gate_file_gives_conditions_and_settings()
    {
        var gate = GateDefinitionLoader.Load("gate.yml", """
            conditions:
              - tests.failed == 0
              - name: Coverage of the change
                condition: coverage.patch >= 90
            inconclusive: fail
            patch: { min-lines: 10 }
            flaky: { window: 50, failure-rate: 2, min-runs: 8, clear-after: 5 }
            benchmarks: { samples: 32, upper-boundary: 0.95, min-change: 5 }
            tests: { repeated-cases: retries }
            """);

        Assert.Equal(["tests.failed == 0", "Coverage of the change"], gate.Conditions.Select(c => c.Name));
        Assert.Equal("coverage.patch >= 90", gate.Conditions[1].Expression);
        Assert.Equal(3, gate.Conditions[1].Line);
        Assert.Equal(InconclusivePolicy.Fail, gate.Inconclusive);
        Assert.Equal(10, gate.PatchMinimumLines);
        Assert.Equal(new FlakySettings(50, 2, 8, 5), gate.Flaky);
        Assert.Equal(new BenchmarkSettings(32, 0.95, 0.05), gate.Benchmarks);
        Assert.True(gate.RepeatedCasesAreRetries);
        Assert.False(GateDefinitionLoader.Load("gate.yml", "conditions: [a]\n").RepeatedCasesAreRetries);
    }

    [Theory]
    [InlineData("conditions: []\n", "gate.yml:1: the gate has no conditions")]
    [InlineData("conditions:\n  - tests.failed == 0\ncolour: red\n", "gate.yml:3: unknown key 'colour'")]
    [InlineData("conditions: tests.failed\n", "gate.yml:1: 'conditions' is a list")]
    [InlineData("conditions:\n  - name: x\n", "gate.yml:2: the condition entry needs 'condition'")]
    [InlineData("inconclusive: maybe\nconditions: [a]\n", "gate.yml:1: 'inconclusive' is 'report', 'pass' or 'fail'")]
    [InlineData("conditions: [a]\ntests: { repeated-cases: sometimes }\n", "gate.yml:2: 'tests.repeated-cases' is 'distinct' or 'retries', not 'sometimes'")]
    [InlineData("conditions: [\n", "gate.yml:")]
    [InlineData("", "gate.yml: a gate file is a mapping")]
    public void Bad_gate_files_get_an_error_with_file_and_line(string text, string expected)
    {
        var error = Assert.Throws<GateDefinitionException>(() => GateDefinitionLoader.Load("gate.yml", text));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
