using System.Diagnostics;

namespace Sluice.Testing.Cli;

/// <summary>
/// A PostgreSQL of one test's own (scripts/postgres.sh in a folder of its own), for tests that stop and start it:
/// the shared one that SLUICE_TEST_POSTGRES names is never disturbed. It is removed when the test ends.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private PrivatePostgres(string folder, string url)
    {
        Folder = folder;
        Url = url;
    }

    /// <summary>Its URL (postgres://sluice:PASSWORD@127.0.0.1:PORT/sluice); the same after <see cref="PauseAsync"/> and <see cref="ResumeAsync"/>.</summary>
    public string Url { get; }

    public string Folder { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        // Directly under the temp folder, where PostgreSQL's own user (when tests run as root) can reach it.
        var folder = Path.Combine(Path.GetTempPath(), "sluice-tests", $"postgres-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        return new PrivatePostgres(folder, await ScriptAsync("start", folder));
    }

    /// <summary>Stops it (fast shutdown: every session ends) and returns once it no longer accepts connections.</summary>
    public Task PauseAsync() => ScriptAsync("pause", Folder);

    /// <summary>Starts it again on the same port, with the same data; returns once it accepts connections.</summary>
    public async Task ResumeAsync()
    {
        var url = await ScriptAsync("start", Folder);
        if (url != Url)
        {
            throw new InvalidOperationException($"PostgreSQL came back at another address: {url}");
        }
    }

    public async ValueTask DisposeAsync() => await ScriptAsync("stop", Folder);

    private static async Task<string> ScriptAsync(string action, string folder)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "scripts", "postgres.sh")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(action);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh {action} {folder} failed ({process.ExitCode}): {await stderr}");
        }

        return (await stdout).Trim();
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
