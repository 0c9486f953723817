namespace Sluice.Cli.Validation;

/// <summary>Turns the paths given on the command line into the workflow files to check, in a stable order.</summary>
internal static class WorkflowFileLocator
{
    private static readonly string[] WorkflowExtensions = [".yml", ".yaml"];

    /// <summary>Files are taken as given; a directory contributes its own <c>*.yml</c> and <c>*.yaml</c> files, not its subfolders', as GitHub reads them.</summary>
    /// <exception cref="UsageException">A path does not exist, or no path was given outside a git repository.</exception>
    public static IReadOnlyList<string> Locate(IReadOnlyList<string> paths, string currentDirectory)
    {
        if (paths.Count == 0)
        {
            return Locate([DefaultWorkflowsFolder(currentDirectory)], currentDirectory);
        }

        var missing = paths.Where(path => !File.Exists(path) && !Directory.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException(missing.Count == 1
                ? $"path not found: '{missing[0]}'; pass an existing workflow file or folder"
                : $"paths not found: {string.Join(", ", missing.Select(path => $"'{path}'"))}; pass existing workflow files or folders");
        }

        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var file in Directory.Exists(path) ? WorkflowFilesIn(path) : [path])
            {
                if (seen.Add(Path.GetFullPath(file, currentDirectory)))
                {
                    files.Add(file);
                }
            }
        }

        return files;
    }

    private static IEnumerable<string> WorkflowFilesIn(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(file => WorkflowExtensions.Contains(Path.GetExtension(file), StringComparer.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string DefaultWorkflowsFolder(string currentDirectory)
    {
        var root = GitRepository.FindRoot(currentDirectory)
            ?? throw new UsageException($"no PATH given and '{currentDirectory}' is not inside a git repository; pass the workflow files or folders to validate");

        var folder = Path.Combine(root, ".github", "workflows");
        var shown = Path.GetRelativePath(currentDirectory, folder);
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"no PATH given and the repository has no workflows folder ('{shown}' does not exist); pass the workflow files or folders to validate");
        }

        return shown;
    }
}
