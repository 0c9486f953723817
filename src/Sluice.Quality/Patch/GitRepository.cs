using System.Diagnostics;

namespace Sluice.Quality.Patch;

/// <summary>The few questions the quality engine asks git, answered by running <c>git</c> in the repository.</summary>
public sealed class GitRepository(string workingDirectory)
{
    public string WorkingDirectory { get; } = workingDirectory;

    public async Task<string> TopLevelAsync(CancellationToken cancellationToken) =>
        (await RunAsync(["rev-parse", "--show-toplevel"], cancellationToken)).Trim();

    public async Task<string> HeadAsync(CancellationToken cancellationToken) =>
        (await RunAsync(["rev-parse", "HEAD"], cancellationToken)).Trim();

    public async Task<string> TreeAsync(CancellationToken cancellationToken) =>
        (await RunAsync(["rev-parse", "HEAD^{tree}"], cancellationToken)).Trim();

    /// <summary>The current branch name, or null on a detached HEAD.</summary>
    public async Task<string?> BranchAsync(CancellationToken cancellationToken)
    {
        var name = (await RunAsync(["rev-parse", "--abbrev-ref", "HEAD"], cancellationToken)).Trim();
        return name == "HEAD" ? null : name;
    }

    /// <summary>The default branch: origin's HEAD when known, else <c>main</c> or <c>master</c> when they exist.</summary>
    public async Task<string?> DefaultBranchAsync(CancellationToken cancellationToken)
    {
        var (ok, remoteHead) = await TryRunAsync(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], cancellationToken);
        if (ok && remoteHead.Trim().Length > 0)
        {
            return remoteHead.Trim();
        }

        foreach (var candidate in new[] { "main", "master" })
        {
            if ((await TryRunAsync(["rev-parse", "--verify", "--quiet", candidate], cancellationToken)).Ok)
            {
                return candidate;
            }
        }

        return null;
    }

    public async Task<string> MergeBaseAsync(string other, CancellationToken cancellationToken) =>
        (await RunAsync(["merge-base", "HEAD", other], cancellationToken)).Trim();

    /// <summary>Lines added between <paramref name="baseRef"/> and HEAD, per path.</summary>
    public async Task<IReadOnlyDictionary<string, SortedSet<int>>> AddedLinesAsync(string baseRef, CancellationToken cancellationToken)
    {
        var diff = await RunAsync(["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--find-renames", "-U0", baseRef, "HEAD"], cancellationToken);
        return DiffParser.AddedLines(new StringReader(diff));
    }

    private async Task<(bool Ok, string Output)> TryRunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await RunAsync(arguments, cancellationToken));
        }
        catch (GitException)
        {
            return (false, "");
        }
    }

    private async Task<string> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new GitException($"git could not be started ({ex.Message}). Install git, or pass the changed lines another way.");
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new GitException($"git {string.Join(' ', arguments)} failed: {(await error).Trim()}");
        }

        return await output;
    }
}

/// <summary>A git command failed; the message says which and why.</summary>
public sealed class GitException(string message) : Exception(message);
