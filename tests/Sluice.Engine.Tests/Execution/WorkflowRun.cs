using System.Diagnostics;
using Sluice.Engine.Execution;
using Sluice.Engine.Local;
using Sluice.Engine.Steps;
using Sluice.Workflows;

namespace Sluice.Engine.Tests.Execution;

/// <summary>A real git repository in a temp folder with one workflow, run through the real scheduler and executor.</summary>
internal sealed class WorkflowRun : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _root = Directory.CreateTempSubdirectory("sluice-run-").FullName;
    private string? _scratch;

    public WorkflowRun(string workflow, params (string Path, string Content)[] files)
    {
        Directory.CreateDirectory(Path.Combine(_root, "repo", ".github", "workflows"));
        File.WriteAllText(Path.Combine(Repo, ".github", "workflows", "ci.yml"), workflow);
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Repo, path))!);
            File.WriteAllText(Path.Combine(Repo, path), content);
        }

        Git("init", "-q", "-b", "main");
        Git("add", ".");
        Git("commit", "-q", "-m", "init");
    }

    public string Repo => Path.Combine(_root, "repo");

    public RecordingObserver Observer { get; } = new();

    /// <summary>The clock of the run and its jobs: the system's unless a test gives a fake one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<RunResult> RunAsync(RunOptions? options = null, LocalRunSettings? settings = null, Engine.Execution.Containers.ContainerEngineSource? containers = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var read = new WorkflowReader().ReadFile(Path.Combine(Repo, ".github", "workflows", "ci.yml"));
        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        var git = await LocalGit.ReadAsync(Repo, timeout.Token);
        var (run, _) = new LocalRunFactory(Clock).Create(read.Workflow!, ".github/workflows/ci.yml", git, settings ?? new LocalRunSettings(), Path.Combine(_root, "run"));
        _scratch = run.ScratchDirectory;
        var scheduler = new RunScheduler(new JobExecutor(new ProcessRunner(), Clock, containers), Clock);
        return await scheduler.RunAsync(run, options ?? new RunOptions { Parallelism = 4 }, Observer, timeout.Token);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        if (_scratch is not null && Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repo, RedirectStandardOutput = true, RedirectStandardError = true };
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
