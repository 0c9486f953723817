namespace Sluice.Engine.Execution.Composite;

/// <summary>
/// Local actions (<c>uses: ./path/to/action</c>): a folder of the job's workspace, as GitHub resolves it after
/// checkout, holding an action.yml or action.yaml. Only composite actions run here.
/// </summary>
internal static class CompositeAction
{
    /// <summary>GitHub's limit on composite actions calling composite actions.</summary>
    public const int MaxDepth = 10;

    private static readonly string[] ManifestNames = ["action.yml", "action.yaml"];

    /// <summary>True for a local action reference; whether it exists can only be known after checkout.</summary>
    public static bool Handles(string uses) => uses.StartsWith("./", StringComparison.Ordinal);

    /// <summary>The action's folder and action.yml in the workspace, or a message saying what is missing and what to do.</summary>
    public static (string Folder, string Manifest)? Locate(string workspace, string uses, out string? problem)
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

        foreach (var name in ManifestNames)
        {
            var manifest = Path.Combine(folder, name);
            if (File.Exists(manifest))
            {
                problem = null;
                return (folder, manifest);
            }
        }

        problem = File.Exists(Path.Combine(folder, "Dockerfile"))
            ? $"'uses: {uses}': the folder has a Dockerfile but no action.yml; Docker container actions are not supported here yet"
            : $"'uses: {uses}': the folder has no action.yml or action.yaml";
        return null;
    }

    /// <summary>The action.yml as shown to users: relative to the workspace, with forward slashes.</summary>
    public static string DisplayPath(string workspace, string manifest) =>
        Path.GetRelativePath(workspace, manifest).Replace(Path.DirectorySeparatorChar, '/');
}
