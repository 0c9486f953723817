using Sluice.Engine.Execution.Composite;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// Finds the action a <c>uses:</c> names and reads its action.yml: a folder of the workspace for <c>./path</c>
/// (as GitHub resolves it after checkout), the action cache for <c>owner/repo[/path]@ref</c>. Built-in actions
/// are not looked up here: they win before this is asked.
/// </summary>
internal static class ActionLocator
{
    private static readonly string[] ManifestNames = ["action.yml", "action.yaml"];

    /// <param name="findNode">Finds node where the job runs; null when that cannot be known yet (a job container at plan time).</param>
    public static ActionResolution Resolve(string uses, string workspace, ActionCache? cache, Func<string?>? findNode)
    {
        if (ActionReference.Parse(uses, out var problem) is not { } reference)
        {
            return ActionResolution.Failed(problem!);
        }

        string folder;
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

                folder = local;
                break;
            default:
                if (cache is null)
                {
                    return ActionResolution.Unsupported($"'uses: {uses}' is not a built-in action and there is no action cache to read it from; put the action's files in DIR/{Where(reference)} and pass --action-cache DIR (or set {ActionCache.EnvironmentVariable})");
                }

                folder = cache.Folder(reference);
                if (!Directory.Exists(folder))
                {
                    return ActionResolution.Unsupported($"'uses: {uses}' is not in the action cache: put the action's files in {folder} (for example a checkout of {reference.RepositoryName} at {reference.Ref})");
                }

                break;
        }

        if (ManifestIn(folder) is not { } manifestPath)
        {
            // As GitHub's runner does: a folder with a Dockerfile and no action.yml is a Docker action built from it.
            if (File.Exists(Path.Combine(folder, "Dockerfile")))
            {
                return ActionResolution.Found(new ResolvedAction(reference, folder, DockerActions.DockerfileManifest(Shown(workspace, reference, Path.Combine(folder, "Dockerfile")))));
            }

            var message = $"'uses: {uses}': {Shown(workspace, reference, folder)} has no action.yml or action.yaml";
            return reference.Source == ActionSource.Local ? ActionResolution.Failed(message) : ActionResolution.Unsupported(message);
        }

        var read = ActionManifestReader.ReadFile(manifestPath, Shown(workspace, reference, manifestPath));
        if (read.Manifest is not { } manifest)
        {
            return ActionResolution.Invalid(read.Errors);
        }

        var repositoryRoot = reference.Source == ActionSource.Local ? workspace : cache!.RepositoryFolder(reference);
        if (ActionFiles.Problem(manifest, folder, repositoryRoot) is { } pathProblem)
        {
            return ActionResolution.Failed($"'uses: {uses}': {pathProblem}");
        }

        var action = new ResolvedAction(reference, folder, manifest);
        return manifest.Kind switch
        {
            ActionKind.Node when findNode is not null && findNode() is null => ActionResolution.Unsupported(NodeMissing(uses, manifest)),
            _ => ActionResolution.Found(action),
        };
    }

    public static string NodeMissing(string uses, ActionManifest manifest) =>
        $"'uses: {uses}' is a JavaScript action ('using: {manifest.Node?.Using}' in {manifest.File}) and needs node, which is not installed where the job runs (not found on PATH); install Node.js {NodeVersions.RunsWith(manifest.Node?.Using ?? "node20")} or later";

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

    /// <summary>A path as users see it: relative to the workspace for a local action, in full for the action cache.</summary>
    private static string Shown(string workspace, ActionReference reference, string path) =>
        reference.Source == ActionSource.Local ? Path.GetRelativePath(workspace, path).Replace(Path.DirectorySeparatorChar, '/') : path;

    /// <summary><c>owner/repo/ref[/path]</c>: where a reference goes in an action cache.</summary>
    public static string Where(ActionReference reference) =>
        string.Join('/', new[] { reference.Owner, reference.Repository, reference.Ref, reference.Path }.Where(p => p.Length > 0));
}
