using Sluice.Engine.Steps;

namespace Sluice.Engine.Local;

/// <summary>What a local run learns from the repository's git: commit, ref, the previous commit and the paths changed.</summary>
public sealed record LocalGit(string Root, string Sha, string? Branch, string Before, IReadOnlyList<string>? ChangedPaths, string Owner, string Repository, string Actor)
{
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    public static async Task<LocalGit> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var runner = new ProcessRunner();

        // The questions are independent and each is a process start, so they are asked at once, from wherever the run
        // started: git finds the repository from any folder inside it; the diff lists paths from the top either way.
        var rootAndShaTask = GitAsync(runner, directory, cancellationToken, "rev-parse", "--show-toplevel", "HEAD");
        var branchTask = GitAsync(runner, directory, cancellationToken, "symbolic-ref", "--quiet", "--short", "HEAD");
        var beforeTask = GitAsync(runner, directory, cancellationToken, "rev-parse", "--quiet", "--verify", "HEAD~1");
        var remoteTask = GitAsync(runner, directory, cancellationToken, "config", "--get", "remote.origin.url");
        var actorTask = GitAsync(runner, directory, cancellationToken, "config", "--get", "user.name");
        var headDiffTask = GitAsync(runner, directory, cancellationToken, "-c", "diff.relative=false", "diff", "--name-only", "HEAD~1", "HEAD");
        await Task.WhenAll(rootAndShaTask, branchTask, beforeTask, remoteTask, actorTask, headDiffTask);
        var rootAndSha = (await rootAndShaTask)?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (rootAndSha is not [var root, var sha])
        {
            _ = (await GitAsync(runner, directory, cancellationToken, "rev-parse", "--show-toplevel"))
                ?? throw new InvalidOperationException($"{directory} is not inside a git repository; sluice run needs one (git init, and commit)");
            throw new InvalidOperationException("the repository has no commit yet; commit first, since jobs run the committed code");
        }

        var branch = (await branchTask)?.Trim();
        var before = (await beforeTask)?.Trim();
        var diff = before is null ? await GitAsync(runner, root, cancellationToken, "ls-tree", "-r", "--name-only", "HEAD") : await headDiffTask;
        IReadOnlyList<string>? changed = diff?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var remote = (await remoteTask)?.Trim();
        var (owner, name) = OwnerAndName(remote, root);
        var actor = (await actorTask)?.Trim();
        return new LocalGit(root, sha, branch, before ?? ZeroSha, changed, owner, name, string.IsNullOrEmpty(actor) ? Environment.UserName : actor);
    }

    /// <summary>owner/name from an origin URL (https or scp-like), else "local" and the folder's name.</summary>
    public static (string Owner, string Name) OwnerAndName(string? remote, string root)
    {
        if (!string.IsNullOrEmpty(remote))
        {
            var path = remote.TrimEnd('/');
            path = path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path;
            var parts = path.Replace(':', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                return (parts[^2], parts[^1]);
            }
        }

        return ("local", Path.GetFileName(root.TrimEnd('/')));
    }

    private static async Task<string?> GitAsync(ProcessRunner runner, string directory, CancellationToken cancellationToken, params string[] args)
    {
        var output = new System.Text.StringBuilder();
        var env = BaseEnvironment.FromCurrentProcess();
        ProcessOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(new ProcessSpec("git", args, directory, env, TimeSpan.FromMinutes(1)), line => output.Append(line).Append('\n'), _ => { }, cancellationToken);
        }
        catch (ShellException ex)
        {
            throw new InvalidOperationException($"sluice run needs git to read the repository: {ex.Message}", ex);
        }

        return outcome.End == ProcessEnd.Exited && outcome.ExitCode == 0 ? output.ToString() : null;
    }
}
