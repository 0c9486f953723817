using System.Diagnostics;

namespace Sluice.Testing.Cli;

/// <summary>A fresh directory under the system temp folder, deleted when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sluice-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a file at a path relative to this directory, creating folders as needed, and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public string CreateDirectory(string relativePath) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relativePath)).FullName;

    /// <summary>Runs <c>git init</c> here, making this directory the root of a real repository.</summary>
    public Task GitInitAsync() => GitAsync("init", "--quiet", "-b", "main");

    /// <summary>A new git repository holding one file, committed.</summary>
    public async Task CommitAsync(string relativePath, string content)
    {
        await GitInitAsync();
        Write(relativePath, content);
        await GitAsync("add", ".");
        await GitAsync("commit", "-q", "-m", "init");
    }

    /// <summary>Runs git in this directory with a fixed identity; fails the test when git fails.</summary>
    public async Task GitAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo("git", args)
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["GIT_AUTHOR_NAME"] = startInfo.Environment["GIT_COMMITTER_NAME"] = "Sluice Tests";
        startInfo.Environment["GIT_AUTHOR_EMAIL"] = startInfo.Environment["GIT_COMMITTER_EMAIL"] = "tests@sluice.invalid";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start git");
        using var timeout = new CancellationTokenSource(SluiceProcess.DefaultTimeout);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {await stderr}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }
    }
}
