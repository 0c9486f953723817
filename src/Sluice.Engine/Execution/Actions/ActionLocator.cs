using Sluice.Engine.Execution.Composite;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// Finds the action a <c>uses:</c> names and reads its action.yml: a folder of the workspace for <c>./path</c>
/// (as GitHub resolves it after checkout), the run's <see cref="ActionRepositories"/> for
/// <c>owner/repo[/path]@ref</c>. Built-in actions are not looked up here: they win before this is asked.
/// </summary>
internal static class ActionLocator
{
    private static readonly string[] ManifestNames = ["action.yml", "action.yaml"];

    /// <param name="findNode">Finds node where the job runs; null when that cannot be known yet (a job container at plan time).</param>
    public static async Task<ActionResolution> ResolveAsync(string uses, string workspace, ActionRepositories repositories, Func<string?>? findNode, CancellationToken cancellationToken)
    {
        if (ActionReference.Parse(uses, out var problem) is not { } reference)
        {
            return ActionResolution.Failed(problem!);
        }

        string folder, repositoryRoot;
        RepositoryCopy? copy = null;
        switch (reference.Source)
        {
            case ActionSource.DockerImage:
                return reference.Path.Length == 0
                    ? ActionResolution.Failed($"'uses: {uses}' names no image; write docker://IMAGE, such as docker://alpine:3.20")
                    : ActionResolution.Found(new ResolvedAction(reference, workspace, DockerActions.ImageManifest(uses)));
            case ActionSource.Local:
                if (LocalFolder(workspace, uses, out problem) is not { } local)
                {
                    return ActionResolution.Failed(problem!);
                }

                (folder, repositoryRoot) = (local, workspace);
                break;
            default:
                var lookup = await repositories.GetAsync(reference, cancellationToken).ConfigureAwait(false);
                if (lookup.Copy is null)
                {
                    var message = $"'uses: {uses}' {lookup.Problem}";
                    return lookup.CannotRunHere ? ActionResolution.Unsupported(message) : ActionResolution.Failed(message);
                }

                copy = lookup.Copy;
                (folder, repositoryRoot) = (PathIn(copy.Folder, reference.Path), copy.Folder);
                if (!Directory.Exists(folder))
                {
                    return ActionResolution.Failed($"'uses: {uses}': the folder '{reference.Path}' does not exist in {reference.RepositoryName} at {reference.Ref}{CommitNote(copy)} ({copy.Folder}); check the path");
                }

                break;
        }

        if (ManifestIn(folder) is not { } manifestPath)
        {
            // As GitHub's runner does: a folder with a Dockerfile and no action.yml is a Docker action built from it.
            if (File.Exists(Path.Combine(folder, "Dockerfile")))
            {
                return ActionResolution.Found(new ResolvedAction(reference, folder, DockerActions.DockerfileManifest(Shown(workspace, reference, Path.Combine(folder, "Dockerfile")))) { Copy = copy });
            }

            return ActionResolution.Failed($"'uses: {uses}': {Shown(workspace, reference, folder)} has no action.yml or action.yaml");
        }

        var read = ActionManifestReader.ReadFile(manifestPath, Shown(workspace, reference, manifestPath));
        if (read.Manifest is not { } manifest)
        {
            return ActionResolution.Invalid(read.Errors);
        }

        if (ActionFiles.Problem(manifest, folder, repositoryRoot) is { } pathProblem)
        {
            return ActionResolution.Failed($"'uses: {uses}': {pathProblem}");
        }

        var action = new ResolvedAction(reference, folder, manifest) { Copy = copy };
        return manifest.Kind switch
        {
            ActionKind.Node when findNode is not null && findNode() is null => ActionResolution.Unsupported(NodeMissing(uses, manifest)),
            _ => ActionResolution.Found(action),
        };
    }

    public static string NodeMissing(string uses, ActionManifest manifest) =>
        $"'uses: {uses}' is a JavaScript action ('using: {manifest.Node?.Using}' in {manifest.File}) and needs node, which is not installed where the job runs (not found on PATH); install Node.js {NodeVersions.RunsWith(manifest.Node?.Using ?? "node20")} or later";

    /// <summary>" (commit abc1234)" when the commit is known.</summary>
    public static string CommitNote(RepositoryCopy copy) => copy.Commit is { } commit ? $" (commit {commit})" : "";

    /// <summary>
    /// A path inside a repository's folder. The parts of a reference are checked when it is read; this is the second
    /// lock: whatever the parts, the result stays below the folder.
    /// </summary>
    public static string PathIn(string repositoryFolder, string path)
    {
        var root = Path.GetFullPath(repositoryFolder);
        var full = Path.GetFullPath(Path.Combine([root, .. path.Split('/', StringSplitOptions.RemoveEmptyEntries)]));
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"'{path}' is outside the repository folder {root}");
    }

    /// <summary>The folder of a local action inside the workspace, or a message saying what is missing and what to do.</summary>
    private static string? LocalFolder(string workspace, string uses, out string? problem)
    {
        var root = Path.GetFullPath(workspace);
        var folder = Path.GetFullPath(Path.Combine(root, uses));
        var relative = Path.GetRelativePath(root, folder);
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            problem = $"'uses: {uses}' points outside the workspace; a local action must be a folder of the checked-out repository";
            return null;
        }

        if (!Directory.Exists(folder))
        {
            problem = $"'uses: {uses}': the folder '{uses}' does not exist in the workspace. Local actions are read from the checked-out repository: add an 'actions/checkout' step before this one, and check the path";
            return null;
        }

        problem = null;
        return folder;
    }

    private static string? ManifestIn(string folder) =>
        ManifestNames.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>A path as users see it: relative to the workspace for a local action, in full for another repository's.</summary>
    private static string Shown(string workspace, ActionReference reference, string path) =>
        reference.Source == ActionSource.Local ? Path.GetRelativePath(workspace, path).Replace(Path.DirectorySeparatorChar, '/') : path;
}
