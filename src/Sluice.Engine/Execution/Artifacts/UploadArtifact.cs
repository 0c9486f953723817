using Sluice.Security.Paths;

namespace Sluice.Engine.Execution.Artifacts;

/// <summary>
/// <c>actions/upload-artifact</c> (v3 and v4): the files named by <c>path</c>, below the common root of the search
/// paths, copied to the run's artifact folder. v4 refuses an existing name unless <c>overwrite: true</c>; v3 adds
/// to it. <c>retention-days</c> and <c>compression-level</c> are accepted and mean nothing locally.
/// </summary>
/// <remarks>
/// The context does not carry the <c>uses:</c> reference, so v3 and earlier are a second registered instance.
/// </remarks>
internal sealed class UploadArtifact(bool legacy) : IBuiltinAction
{
    public string Name => "actions/upload-artifact";

    public bool Handles(string uses) =>
        uses.StartsWith("actions/upload-artifact@", StringComparison.OrdinalIgnoreCase)
        && (ActionVersion.Major(uses) is { } major && major < 4) == legacy;

    public async Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken)
    {
        var name = context.Input("name", "artifact");
        if (ArtifactNames.NameProblem(name) is { } problem)
        {
            return Fail(context, problem);
        }

        var ifNoFiles = context.Input("if-no-files-found", "warn").Trim().ToLowerInvariant();
        if (ifNoFiles is not ("warn" or "error" or "ignore"))
        {
            return Fail(context, $"if-no-files-found must be warn, error or ignore, not '{ifNoFiles}'.");
        }

        var pathInput = context.Input("path");
        if (pathInput.Trim().Length == 0)
        {
            return Fail(context, "Input required and not supplied: path");
        }

        var workspace = context.Request.Workspace;
        var search = PathSearch.Run(pathInput, workspace, ActionVersion.Home(context), ActionVersion.IsTrue(context.Input("include-hidden-files", "false")));
        if (search.Files.Count == 0)
        {
            var message = $"No files were found with the provided path: {pathInput.Trim()}. No artifacts will be uploaded.";
            switch (ifNoFiles)
            {
                case "error":
                    return Fail(context, message);
                case "warn":
                    context.Annotate("warning", message);
                    break;
                default:
                    context.Log(message);
                    break;
            }

            return Conclusion.Success;
        }

        var root = RootOf(search);
        var store = context.Request.Run.ArtifactStore;
        var staging = store.CreateStaging();
        foreach (var file in search.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                Directory.Delete(staging, recursive: true);
                return Fail(context, $"The file '{file}' is outside the artifact's root '{root}' and cannot be uploaded.");
            }

            var destination = Path.Combine(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var mode = legacy
            ? ExistingArtifact.Merge
            : ActionVersion.IsTrue(context.Input("overwrite", "false")) ? ExistingArtifact.Replace : ExistingArtifact.Refuse;
        var published = await store.PublishAsync(name, staging, mode, cancellationToken).ConfigureAwait(false);
        if (published.Id is not { } id)
        {
            return Fail(context, $"An artifact named '{name}' already exists in this run. Choose another name, or set 'overwrite: true' to replace it.");
        }

        context.Log($"Uploaded {search.Files.Count} file(s) from {root} as artifact '{name}' (id {id}).");
        context.Outputs["artifact-id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Outputs["artifact-url"] = Uri.TryCreate(published.Directory, UriKind.Absolute, out var url) ? url.AbsoluteUri : published.Directory;
        return Conclusion.Success;
    }

    /// <summary>
    /// The artifact's root: the least common ancestor of the search paths; for a single search path that is one
    /// file, its folder.
    /// </summary>
    internal static string RootOf(PathSearch search)
    {
        if (search.SearchPaths.Count == 1)
        {
            var only = search.SearchPaths[0];
            return File.Exists(only) ? Path.GetDirectoryName(only)! : only;
        }

        var split = search.SearchPaths.Select(p => p.Split('/')).ToList();
        var common = split[0].Length;
        foreach (var segments in split.Skip(1))
        {
            common = Math.Min(common, segments.Length);
            for (var i = 0; i < common; i++)
            {
                if (!string.Equals(segments[i], split[0][i], StringComparison.Ordinal))
                {
                    common = i;
                    break;
                }
            }
        }

        var root = string.Join('/', split[0][..common]);
        return root.Length == 0 ? "/" : root;
    }

    private static Conclusion Fail(BuiltinActionContext context, string message)
    {
        context.Annotate("error", message);
        return Conclusion.Failure;
    }
}
