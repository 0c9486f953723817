using Sluice.Workflows;

namespace Sluice.Cli.Validation;

/// <summary>Turns the paths given on the command line into the workflow and action metadata files to check, in a stable order.</summary>
internal static class WorkflowFileLocator
{
    private static readonly string[] WorkflowExtensions = [".yml", ".yaml"];
    private static readonly string[] SkippedFolders = [".git", "node_modules"];

    /// <summary>
    /// Files are taken as given. A directory contributes its own <c>*.yml</c> and <c>*.yaml</c> files, not its
    /// subfolders', as GitHub reads workflows, and every <c>action.yml</c> or <c>action.yaml</c> below it (outside
    /// <c>.git</c> and <c>node_modules</c>). With no path: the repository's <c>.github/workflows</c>, and its
    /// <c>action.yml</c> when the repository is an action.
    /// </summary>
    /// <exception cref="UsageException">A path does not exist, or no path was given outside a git repository.</exception>
    public static IReadOnlyList<string> Locate(IReadOnlyList<string> paths, string currentDirectory)
    {
        if (paths.Count == 0)
        {
            return Locate(DefaultPaths(currentDirectory), currentDirectory);
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
            .Concat(ActionFilesBelow(directory))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> ActionFilesBelow(string directory)
    {
        var pending = new Stack<string>([directory]);
        while (pending.TryPop(out var folder))
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(folder).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (Directory.Exists(entry))
                {
                    if (!SkippedFolders.Contains(Path.GetFileName(entry), StringComparer.Ordinal) && !new FileInfo(entry).Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        pending.Push(entry);
                    }
                }
                else if (ActionReader.IsActionFile(entry))
                {
                    yield return entry;
                }
            }
        }
    }

    private static List<string> DefaultPaths(string currentDirectory)
    {
        var paths = new List<string> { DefaultWorkflowsFolder(currentDirectory) };
        var root = GitRepository.FindRoot(currentDirectory)!;
        paths.AddRange(new[] { "action.yml", "action.yaml" }
            .Select(name => Path.Combine(root, name))
            .Where(File.Exists)
            .Select(file => Path.GetRelativePath(currentDirectory, file)));
        return paths;
    }

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
