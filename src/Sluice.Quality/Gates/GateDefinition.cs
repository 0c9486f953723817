namespace Sluice.Quality.Gates;

/// <summary>A quality gate: conditions in the workflow expression language over the metrics, and the settings of the analyses behind them.</summary>
public sealed class GateDefinition
{
    public IReadOnlyList<GateCondition> Conditions { get; init; } = [];

    /// <summary>What an inconclusive verdict means for the exit code.</summary>
    public InconclusivePolicy Inconclusive { get; init; } = InconclusivePolicy.Report;

    /// <summary>Patch coverage over fewer changed coverable lines than this is inconclusive (SonarQube uses 20).</summary>
    public int PatchMinimumLines { get; init; } = 20;

    public FlakySettings Flaky { get; init; } = new();

    public BenchmarkSettings Benchmarks { get; init; } = new();

    /// <summary>
    /// <c>tests: { repeated-cases: retries }</c>: a JUnit case repeating an earlier one's class and name in its suite
    /// is a retry of it (see <see cref="Reports.ReportReadOptions.RepeatedCasesAreRetries"/>).
    /// </summary>
    public bool RepeatedCasesAreRetries { get; init; }
}

/// <summary>One condition: a name for people and an expression such as <c>coverage.line >= 80</c>.</summary>
public sealed record GateCondition(string Name, string Expression, int? Line = null);

public enum InconclusivePolicy
{
    /// <summary>Exit code 3.</summary>
    Report,

    /// <summary>Counts as passed (exit 0).</summary>
    Pass,

    /// <summary>Counts as failed (exit 1).</summary>
    Fail,
}

public sealed record FlakySettings(int Window = 30, double FailureRatePercent = 5, int MinimumRuns = 5, int ClearAfterPasses = 10);

public sealed record BenchmarkSettings(int Samples = 64, double UpperBoundary = 0.99, double MinimumRelativeChange = 0);
