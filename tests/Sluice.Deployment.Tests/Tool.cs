using System.Diagnostics;
using System.Text;

namespace Sluice.Deployment.Tests;

/// <summary>A command of the repository's scripts or the container engine, run to its end within a deadline, with its output.</summary>
internal static class Tool
{
    /// <summary>The repository's root: the folder above the tests that holds Sluice.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan within, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within {within.TotalSeconds} s:\n{await stderr}");
        }

        return (process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    public static string Describe(this (int ExitCode, string Stdout, string Stderr) result) =>
        new StringBuilder().Append("exit ").Append(result.ExitCode).Append("\n--- stdout ---\n").Append(result.Stdout).Append("\n--- stderr ---\n").Append(result.Stderr).ToString();

    private static string FindRoot()
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
