namespace Sluice.Workflows;

/// <summary>
/// Resolves <c>uses: ./.github/workflows/x.yml</c> (or <c>$/.github/workflows/x.yml</c>, the same file of the
/// repository at the commit being run) to the text of that file in a repository on disk. Remote references
/// (<c>owner/repo/...@ref</c>) are not fetched: they resolve to null and are not followed.
/// </summary>
public sealed class LocalWorkflowResolver(string repositoryRoot, int maxFileSize = 4 * 1024 * 1024)
{
    private readonly string _root = Path.GetFullPath(repositoryRoot);

    public string? Resolve(string reference)
    {
        if (!(reference.StartsWith("./", StringComparison.Ordinal) || reference.StartsWith("$/", StringComparison.Ordinal))
            || reference.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        // A reference must stay inside the repository: "./../../etc/passwd" resolves to nothing.
        var path = Path.GetFullPath(Path.Combine(_root, reference[2..].TrimStart('/')));
        var inside = path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (!inside || !File.Exists(path) || new FileInfo(path).Length > 4L * maxFileSize)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reader options that follow local reusable workflows of the repository at <paramref name="repositoryRoot"/>.</summary>
    public static WorkflowReaderOptions OptionsFor(string repositoryRoot, WorkflowReaderOptions? basis = null)
    {
        var options = basis ?? WorkflowReaderOptions.Default;
        return options with { ResolveReusableWorkflow = new LocalWorkflowResolver(repositoryRoot, options.MaxFileSize).Resolve };
    }
}
