using Sluice.Engine.Execution.Composite;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// Where the files an action.yml names may be. GitHub's runner joins <c>runs.main</c>, <c>pre</c> and <c>post</c>
/// to the action's folder, so an action in a sub-folder may run a script elsewhere in its repository
/// (<c>main: ../lib/init-action.js</c>, as github/codeql-action and gradle/actions do); Sluice allows that and no
/// further: a script must stay inside the action's repository. A Dockerfile must be inside the action's folder,
/// which is the context it is built in.
/// </summary>
internal static class ActionFiles
{
    /// <summary>What is wrong with the paths the manifest names, or null when each stays where it must.</summary>
    /// <param name="folder">The action's folder.</param>
    /// <param name="repositoryRoot">The folder of the action's repository (the workspace for a local action).</param>
    public static string? Problem(ActionManifest manifest, string folder, string repositoryRoot)
    {
        if (manifest.Node is { } node)
        {
            foreach (var (key, script) in new[] { ("main", node.Main), ("pre", node.Pre), ("post", node.Post) })
            {
                if (script is not null && !IsInside(Path.Combine(folder, script), repositoryRoot))
                {
                    return $"'runs.{key}: {script}' in {manifest.File} points outside the action's repository; a script must be a file of the repository, such as 'dist/index.js' or '../lib/main.js'";
                }
            }
        }

        if (manifest.Docker is { IsDockerfile: true } docker && (docker.Image.Contains("://", StringComparison.Ordinal) || !IsInside(Path.Combine(folder, docker.Image), folder)))
        {
            return $"'runs.image: {docker.Image}' in {manifest.File} must be 'docker://IMAGE' or the path of a Dockerfile inside the action's folder, such as 'Dockerfile'";
        }

        if (manifest.Docker is { IsDockerfile: false } image && image.Image.Length == DockerRuns.ImagePrefix.Length)
        {
            return $"'runs.image: {image.Image}' in {manifest.File} names no image; write docker://IMAGE, such as docker://alpine:3.20";
        }

        return null;
    }

    private static bool IsInside(string path, string root)
    {
        // A rooted script replaces the folder in Path.Combine, and so lands outside as well.
        var relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path));
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative) && relative != ".";
    }
}
