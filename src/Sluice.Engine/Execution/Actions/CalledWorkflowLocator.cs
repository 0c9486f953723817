namespace Sluice.Engine.Execution.Actions;

/// <summary>A reusable workflow found: its file, the folder its own <c>./</c> references resolve in, how to show it, and the run's copy of its repository (null for one of the calling repository).</summary>
public sealed record CalledWorkflow(string Path, string SourceRoot, string DisplayFile, RepositoryCopy? Copy = null);

/// <summary>The outcome of finding a called workflow: the workflow, or what is wrong and whether it is a limitation of this machine.</summary>
public sealed record CalledWorkflowLookup(CalledWorkflow? Workflow, string? Problem, bool CannotRunHere);

/// <summary>
/// Finds the workflow a job's <c>uses:</c> calls: <c>./.github/workflows/x.yml</c> in the calling workflow's own
/// repository (the local repository, or another one when the caller came from there), or
/// <c>owner/repo/.github/workflows/x.yml@ref</c> through the run's <see cref="ActionRepositories"/>.
/// </summary>
public static class CalledWorkflowLocator
{
    /// <param name="sourceRoot">The repository the calling workflow belongs to.</param>
    public static async Task<CalledWorkflowLookup> LocateAsync(string uses, string sourceRoot, ActionRepositories repositories, CancellationToken cancellationToken)
    {
        if (uses.StartsWith("./", StringComparison.Ordinal))
        {
            var root = System.IO.Path.GetFullPath(sourceRoot);
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, uses[2..]));
            if (uses.Contains('@', StringComparison.Ordinal) || !path.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                return new(null, $"'{uses}' is not a workflow file inside the repository; a ./ reference names a file such as ./.github/workflows/deploy.yml, without @ref", false);
            }

            return new(new CalledWorkflow(path, root, System.IO.Path.GetRelativePath(root, path).Replace(System.IO.Path.DirectorySeparatorChar, '/')), null, false);
        }

        if (ActionReference.Parse(uses, out var problem) is not { Source: ActionSource.Repository } reference)
        {
            return new(null, problem ?? $"'{uses}' is not a reusable workflow reference; use owner/repo/.github/workflows/file.yml@ref or ./.github/workflows/file.yml", false);
        }

        if (!reference.Path.EndsWith(".yml", StringComparison.Ordinal) && !reference.Path.EndsWith(".yaml", StringComparison.Ordinal))
        {
            return new(null, $"'{uses}' does not name a workflow file; use owner/repo/.github/workflows/file.yml@ref", false);
        }

        var lookup = await repositories.GetAsync(reference, cancellationToken).ConfigureAwait(false);
        if (lookup.Copy is not { } copy)
        {
            return new(null, $"the reusable workflow '{uses}' {lookup.Problem}", lookup.CannotRunHere);
        }

        var file = ActionLocator.PathIn(copy.Folder, reference.Path);
        if (!File.Exists(file))
        {
            return new(null, $"the reusable workflow '{uses}': the file '{reference.Path}' does not exist in {reference.RepositoryName} at {reference.Ref}{ActionLocator.CommitNote(copy)} ({copy.Folder}); check the path", false);
        }

        return new(new CalledWorkflow(file, copy.Folder, file, copy), null, false);
    }
}
