using System.Diagnostics;
using Sluice.Engine.Local;
using Sluice.Engine.Tests.Steps;
using static Sluice.Engine.Tests.Steps.StepTestSupport;

namespace Sluice.Engine.Tests.Local;

public sealed class LocalGitTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task A_folder_outside_any_repository_is_refused_as_such()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_scratch.Path, "plain")).FullName;
        File.WriteAllText(Path.Combine(folder, ".git"), "gitdir: /nonexistent\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalGit.ReadAsync(folder, CancellationToken.None).WaitAsync(AwaitTimeout));

        Assert.Contains("not inside a git repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_without_a_commit_is_refused_as_such()
    {
        Git("init", "--quiet", "--initial-branch=main");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalGit.ReadAsync(_scratch.Path, CancellationToken.None).WaitAsync(AwaitTimeout));

        Assert.Contains("no commit yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_commit_changes_every_file_and_a_subfolder_reads_the_same_repository()
    {
        Git("init", "--quiet", "--initial-branch=trunk");
        Directory.CreateDirectory(Path.Combine(_scratch.Path, "src", "deep"));
        File.WriteAllText(Path.Combine(_scratch.Path, "README.md"), "hello\n");
        File.WriteAllText(Path.Combine(_scratch.Path, "src", "deep", "a.txt"), "a\n");
        Commit("first");

        var fromTop = await LocalGit.ReadAsync(_scratch.Path, CancellationToken.None).WaitAsync(AwaitTimeout);
        var fromInside = await LocalGit.ReadAsync(Path.Combine(_scratch.Path, "src", "deep"), CancellationToken.None).WaitAsync(AwaitTimeout);

        Assert.Equal(_scratch.Path, fromTop.Root);
        Assert.Equal(Git("rev-parse", "HEAD"), fromTop.Sha);
        Assert.Equal("trunk", fromTop.Branch);
        Assert.Equal(LocalGit.ZeroSha, fromTop.Before);
        Assert.Equal(["README.md", "src/deep/a.txt"], fromTop.ChangedPaths);
        Assert.Equal("tester", fromTop.Actor);
        Assert.Equal(fromTop, fromInside with { ChangedPaths = fromTop.ChangedPaths });
        Assert.Equal(fromTop.ChangedPaths, fromInside.ChangedPaths);
    }

    [Fact]
    public async Task A_later_commit_changes_what_its_diff_names_read_from_anywhere_in_the_repository()
    {
        Git("init", "--quiet", "--initial-branch=main");
        Directory.CreateDirectory(Path.Combine(_scratch.Path, "docs"));
        File.WriteAllText(Path.Combine(_scratch.Path, "docs", "guide.md"), "one\n");
        File.WriteAllText(Path.Combine(_scratch.Path, "keep.txt"), "same\n");
        Commit("first");
        var first = Git("rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(_scratch.Path, "docs", "guide.md"), "two\n");
        Commit("second");

        var git = await LocalGit.ReadAsync(Path.Combine(_scratch.Path, "docs"), CancellationToken.None).WaitAsync(AwaitTimeout);

        Assert.Equal(first, git.Before);
        Assert.Equal(["docs/guide.md"], git.ChangedPaths);
    }

    private void Commit(string message)
    {
        Git("add", "-A");
        Git("-c", "user.name=tester", "-c", "user.email=tester@example.com", "commit", "--quiet", "-m", message);
        Git("config", "user.name", "tester");
    }

    private string Git(params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = _scratch.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var git = Process.Start(info)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {git.StandardError.ReadToEnd()}");
        return output.Trim();
    }
}
