using System.Diagnostics;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// The documented backup of a running server's SQLite data folder (deploy/backup-sqlite.sh: SQLite's online backup,
/// then the files), and its restore: runs, the repository's copy, sealed secrets and the agent's credential come back.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class BackupRestoreTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_backup_taken_while_the_server_runs_restores_its_runs_secrets_and_agents()
    {
        var seen = Path.Combine(_fleet.Root.Path, "seen.txt");
        var repository = _fleet.Repository("kept", (".github/workflows/ci.yml", $$$"""
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ secrets.WORD }}" >> "{{{seen}}}"
            """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("agent-a");
        await _fleet.AddRepositoryAsync("kept", repository);
        var secret = await _fleet.CliWithInputAsync("kept-secret-word", "secret", "set", "WORD", "--repo", "kept");
        Assert.True(secret.ExitCode == 0, secret.ToString());
        var before = await _fleet.TriggerAsync("kept");
        Assert.Equal("success", (await _fleet.WaitForEndAsync(before.Id)).Conclusion);

        var backup = Path.Combine(_fleet.Root.Path, "backup");
        var (exit, output) = await RunAsync(Path.Combine(RepositoryRoot(), "deploy", "backup-sqlite.sh"), _fleet.DataDirectory, backup);
        Assert.True(exit == 0, output);
        var after = await _fleet.TriggerAsync("kept");
        Assert.Equal("success", (await _fleet.WaitForEndAsync(after.Id)).Conclusion);

        // Restore: the server stopped, its data folder emptied and filled from the backup.
        await _fleet.KillServerAsync();
        Directory.Delete(_fleet.DataDirectory, recursive: true);
        var (copied, copyOutput) = await RunAsync("cp", "-a", backup, _fleet.DataDirectory);
        Assert.True(copied == 0, copyOutput);
        await _fleet.RestartServerAsync();

        var runs = (await _fleet.Api.GetAsync("api/v1/runs", ProtocolJson.Default.IReadOnlyListRunView, CancellationToken.None))!;
        Assert.Equal([before.Id], runs.Select(r => r.Id));
        Assert.Equal("success", runs[0].Conclusion);
        // The agent's credential, the repository's copy and the secrets key came back: the same agent runs a new run with the secret.
        var again = await _fleet.TriggerAsync("kept");
        var ended = await _fleet.WaitForEndAsync(again.Id);
        Assert.True(ended.Conclusion == "success", Fleet.Describe(ended) + "\n" + await _fleet.LogTextAsync(again.Id));
        Assert.Equal("agent-a", ended.Jobs.Single().Agent);
        Assert.Equal(["kept-secret-word", "kept-secret-word", "kept-secret-word"], File.ReadAllLines(seen));
    }

    public void Dispose() => _fleet.Dispose();

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Fleet.Patience);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sluice.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Sluice.slnx above {AppContext.BaseDirectory}");
    }
}
