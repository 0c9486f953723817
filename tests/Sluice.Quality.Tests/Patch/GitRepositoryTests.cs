using System.Diagnostics;
using Sluice.Quality.Patch;

namespace Sluice.Quality.Tests.Patch;

/// <summary>Runs real git in a temporary repository.</summary>
public sealed class GitRepositoryTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-git-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Added_lines_since_the_merge_base_with_the_default_branch_come_from_git()
    {
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(_dir, "Cart.cs"), "a\nb\nc\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "one");
        Git("checkout", "-q", "-b", "feature");
        File.WriteAllText(Path.Combine(_dir, "Cart.cs"), "a\nB\nc\nd\n");
        Git("commit", "-q", "-am", "two");

        var git = new GitRepository(_dir);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.Equal("main", await git.DefaultBranchAsync(cts.Token));
        var mergeBase = await git.MergeBaseAsync("main", cts.Token);
        var added = await git.AddedLinesAsync(mergeBase, cts.Token);

        Assert.Equal([2, 4], added["Cart.cs"]);
        Assert.Equal("feature", await git.BranchAsync(cts.Token));
        Assert.Equal(40, (await git.TreeAsync(cts.Token)).Length);
    }

    [Fact]
    public async Task A_failing_git_command_says_what_failed()
    {
        Git("init", "-q");
        using var cts = new CancellationTokenSource(Timeout);
        var error = await Assert.ThrowsAsync<GitException>(() => new GitRepository(_dir).MergeBaseAsync("no-such-branch", cts.Token));
        Assert.Contains("git merge-base HEAD no-such-branch failed", error.Message, StringComparison.Ordinal);
    }

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "t";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "t@example.invalid";
        using var process = Process.Start(start)!;
        Assert.True(process.WaitForExit(Timeout), "git did not finish");
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }
}
