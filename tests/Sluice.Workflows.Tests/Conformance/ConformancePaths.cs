namespace Sluice.Workflows.Tests.Conformance;

/// <summary>Finds <c>../shared/conformance</c> beside the repository, where CI lays it too.</summary>
internal static class ConformancePaths
{
    public static string Root { get; } = Find();

    public static string Workflows => Path.Combine(Root, "workflows");

    private static string Find()
    {
        // A checkout without ../shared beside it (a job workspace under sluice run) names the folder instead.
        if (Environment.GetEnvironmentVariable("SLUICE_CONFORMANCE_DIR") is { Length: > 0 } given)
        {
            return Directory.Exists(given) ? given : throw new DirectoryNotFoundException($"SLUICE_CONFORMANCE_DIR names {given}, which does not exist.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
                return Directory.Exists(path)
                    ? path
                    : throw new DirectoryNotFoundException($"The conformance data is expected at {path} (the repository's sibling 'shared' folder).");
            }
        }

        throw new DirectoryNotFoundException("Sluice.slnx not found above the test assembly.");
    }
}
