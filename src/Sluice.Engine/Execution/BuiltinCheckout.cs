using Sluice.Engine.Steps;
using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>
/// Sluice's own <c>actions/checkout</c>: the local repository at the event's commit, cloned into the job's workspace
/// (or <c>with: path</c> inside it). Nothing is fetched from a network.
/// </summary>
internal sealed class BuiltinCheckout : IBuiltinAction
{
    public string Name => "actions/checkout";

    public bool Handles(string uses) => uses.StartsWith("actions/checkout@", StringComparison.OrdinalIgnoreCase);

    public async Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken)
    {
        var (runner, request, with, log) = (context.ProcessRunner, context.Request, context.With, context.Log);
        var path = with.TryGetValue("path", out var p) && p.ToDisplayString() is { Length: > 0 } relative ? relative : ".";
        var target = Path.GetFullPath(Path.Combine(request.Workspace, path));
        if (!target.StartsWith(Path.GetFullPath(request.Workspace), StringComparison.Ordinal))
        {
            log($"checkout: the path '{path}' leaves the workspace");
            return Conclusion.Failure;
        }

        var sha = request.Run.Github.TryGetValue("sha", out var s) ? s.ToDisplayString() : "HEAD";
        if (with.TryGetValue("ref", out var r) && r.ToDisplayString() is { Length: > 0 } wanted)
        {
            sha = wanted;
        }

        Directory.CreateDirectory(target);
        if (Directory.EnumerateFileSystemEntries(target).Any())
        {
            Directory.Delete(target, recursive: true);
            Directory.CreateDirectory(target);
        }

        var env = new Dictionary<string, string>(request.Run.BaseEnvironment, StringComparer.Ordinal);
        log($"Checking out {sha} of {request.Run.RepositoryRoot} into {target}");
        var clone = await RunGitAsync(runner, env, request.Workspace, log, cancellationToken, "clone", "--quiet", "--no-checkout", request.Run.RepositoryRoot, target);
        if (clone != 0)
        {
            return Conclusion.Failure;
        }

        return await RunGitAsync(runner, env, target, log, cancellationToken, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--force", sha) == 0
            ? Conclusion.Success
            : Conclusion.Failure;
    }

    private static async Task<int> RunGitAsync(ProcessRunner runner, Dictionary<string, string> env, string directory, Action<string> log, CancellationToken cancellationToken, params string[] args)
    {
        var outcome = await runner.RunAsync(new ProcessSpec("git", args, directory, env, TimeSpan.FromMinutes(10)), log, log, cancellationToken);
        if (outcome.ExitCode != 0)
        {
            log($"git {string.Join(' ', args)} exited with {outcome.ExitCode}");
        }

        return outcome.End == ProcessEnd.Exited ? outcome.ExitCode : -1;
    }
}
