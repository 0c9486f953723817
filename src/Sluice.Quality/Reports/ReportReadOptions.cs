namespace Sluice.Quality.Reports;

/// <summary>How readers interpret what a format leaves open.</summary>
public sealed record ReportReadOptions
{
    public static ReportReadOptions Default { get; } = new();

    /// <summary>
    /// A JUnit test case that repeats the class and name of an earlier one in the same suite is a retry of it, as
    /// Gradle's test-retry plugin (without <c>mergeReruns</c>) and <c>gotestsum --rerun-fails</c> write them.
    /// Off by default: then such entries are distinct cases (mocha's repeated titles, data-driven tests).
    /// </summary>
    public bool RepeatedCasesAreRetries { get; init; }
}
