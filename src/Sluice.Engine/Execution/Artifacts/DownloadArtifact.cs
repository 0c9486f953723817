using Sluice.Security.Paths;

namespace Sluice.Engine.Execution.Artifacts;

/// <summary>
/// <c>actions/download-artifact</c>: one artifact by <c>name</c> into <c>path</c> (the workspace by default), or,
/// without a name, every artifact of the run whose name matches <c>pattern</c>, each into <c>path/&lt;name&gt;</c>
/// unless <c>merge-multiple: true</c>. Artifacts come from earlier jobs of the same run.
/// </summary>
internal sealed class DownloadArtifact : IBuiltinAction
{
    public string Name => "actions/download-artifact";

    public bool Handles(string uses) => uses.StartsWith("actions/download-artifact@", StringComparison.OrdinalIgnoreCase);

    public async Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken)
    {
        var store = context.Request.Run.ArtifactStore;
        var workspace = context.Request.Workspace;
        var pathInput = context.Input("path").Trim();
        var home = ActionVersion.Home(context);
        var destination = Path.GetFullPath(Path.Combine(workspace, pathInput switch
        {
            "" => ".",
            "~" => home,
            _ when pathInput.StartsWith("~/", StringComparison.Ordinal) => Path.Combine(home, pathInput[2..]),
            _ => pathInput,
        }));

        var name = context.Input("name").Trim();
        if (name.Length > 0)
        {
            if (ArtifactNames.NameProblem(name) is { } problem)
            {
                return Fail(context, problem);
            }

            if (await store.OpenAsync(name, cancellationToken).ConfigureAwait(false) is not { } folder)
            {
                var existing = await store.NamesAsync(cancellationToken).ConfigureAwait(false);
                var listed = existing.Count == 0 ? "This run has no artifacts yet." : $"Artifacts in this run: {string.Join(", ", existing)}.";
                return Fail(context, $"Artifact not found: '{name}'. {listed}");
            }

            CopyTree(folder, destination, cancellationToken);
            context.Log($"Downloaded artifact '{name}' to {destination}");
            context.Outputs["download-path"] = destination;
            return Conclusion.Success;
        }

        var pattern = context.Input("pattern").Trim();
        var merge = ActionVersion.IsTrue(context.Input("merge-multiple", "false"));
        var chosen = (await store.NamesAsync(cancellationToken).ConfigureAwait(false)).Where(n => pattern.Length == 0 || PathPattern.MatchesName(pattern, n)).ToList();
        foreach (var artifact in chosen)
        {
            if (await store.OpenAsync(artifact, cancellationToken).ConfigureAwait(false) is { } folder)
            {
                CopyTree(folder, merge ? destination : Path.Combine(destination, artifact), cancellationToken);
            }
        }

        context.Log(chosen.Count == 0
            ? "No artifacts matched; nothing was downloaded."
            : $"Downloaded {chosen.Count} artifact(s) ({string.Join(", ", chosen)}) to {destination}");
        Directory.CreateDirectory(destination);
        context.Outputs["download-path"] = destination;
        return Conclusion.Success;
    }

    private static void CopyTree(string source, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static Conclusion Fail(BuiltinActionContext context, string message)
    {
        context.Annotate("error", message);
        return Conclusion.Failure;
    }
}
