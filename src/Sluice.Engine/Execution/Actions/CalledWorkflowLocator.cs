namespace Sluice.Engine.Execution.Actions;

/// <summary>A reusable workflow found: its file, the folder its own <c>./</c> references resolve in, and how to show it.</summary>
internal sealed record CalledWorkflow(string Path, string SourceRoot, string DisplayFile);

/// <summary>
/// Finds the workflow a job's <c>uses:</c> calls: <c>./.github/workflows/x.yml</c> in the calling workflow's own
/// repository (the local repository, or a cached one when the caller came from the cache), or
/// <c>owner/repo/.github/workflows/x.yml@ref</c> in the action cache (<c>DIR/owner/repo/ref/.github/workflows/x.yml</c>).
/// </summary>
internal static class CalledWorkflowLocator
{
    /// <param name="sourceRoot">The repository the calling workflow belongs to.</param>
    /// <param name="cannotRunHere">True when the problem is that the workflow is not here (no cache, not cached), not a mistake in <paramref name="uses"/>.</param>
    public static CalledWorkflow? Locate(string uses, string sourceRoot, ActionCache? cache, out string? problem, out bool cannotRunHere)
    {
        cannotRunHere = false;
        if (uses.StartsWith("./", StringComparison.Ordinal))
        {
            var root = System.IO.Path.GetFullPath(sourceRoot);
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, uses[2..]));
            if (uses.Contains('@', StringComparison.Ordinal) || !path.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                problem = $"'{uses}' is not a workflow file inside the repository; a ./ reference names a file such as ./.github/workflows/deploy.yml, without @ref";
                return null;
            }

            problem = null;
            return new CalledWorkflow(path, root, System.IO.Path.GetRelativePath(root, path).Replace(System.IO.Path.DirectorySeparatorChar, '/'));
        }

        if (ActionReference.Parse(uses, out problem) is not { Source: ActionSource.Repository } reference)
        {
            problem ??= $"'{uses}' is not a reusable workflow reference; use owner/repo/.github/workflows/file.yml@ref or ./.github/workflows/file.yml";
            return null;
        }

        if (!reference.Path.EndsWith(".yml", StringComparison.Ordinal) && !reference.Path.EndsWith(".yaml", StringComparison.Ordinal))
        {
            problem = $"'{uses}' does not name a workflow file; use owner/repo/.github/workflows/file.yml@ref";
            return null;
        }

        cannotRunHere = true;
        if (cache is null)
        {
            problem = $"the reusable workflow '{uses}' is in another repository and there is no action cache to read it from; put that repository's files in DIR/{reference.Owner}/{reference.Repository}/{reference.Ref} and pass --action-cache DIR (or set {ActionCache.EnvironmentVariable})";
            return null;
        }

        var file = cache.Folder(reference);
        if (!File.Exists(file))
        {
            problem = $"the reusable workflow '{uses}' is not in the action cache: put {reference.RepositoryName} at {reference.Ref} in {cache.RepositoryFolder(reference)} (the workflow goes at {file})";
            return null;
        }

        cannotRunHere = false;
        problem = null;
        return new CalledWorkflow(file, cache.RepositoryFolder(reference), file);
    }
}
