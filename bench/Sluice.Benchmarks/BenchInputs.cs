namespace Sluice.Benchmarks;

/// <summary>Finds bench/inputs, the files shared with the npm peer benchmarks, so both sides read the same bytes.</summary>
internal static class BenchInputs
{
    private const string Marker = "expressions.json";

    public static string ConformanceWorkflows => Path.Combine(Directory, "conformance-workflows");

    public static string LargeWorkflow => Path.Combine(Directory, "large-workflow.yml");

    public static string Expressions => Path.Combine(Directory, Marker);

    /// <summary>SLUICE_BENCH_INPUTS when set, else the first bench/inputs above the working directory or the program.</summary>
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SLUICE_BENCH_INPUTS") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "inputs");
                if (File.Exists(Path.Combine(candidate, Marker)))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Cannot find bench/inputs above the working directory. Run from the repository, or set SLUICE_BENCH_INPUTS to the folder.");
    }
}
