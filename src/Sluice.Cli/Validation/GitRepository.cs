namespace Sluice.Cli.Validation;

/// <summary>Finds the git repository a directory belongs to, the way git does: the nearest ancestor holding <c>.git</c>.</summary>
internal static class GitRepository
{
    public static string? FindRoot(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var marker = Path.Combine(directory.FullName, ".git");

            // A worktree or submodule has a .git file pointing elsewhere; it is still the repository root.
            if (Directory.Exists(marker) || File.Exists(marker))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
