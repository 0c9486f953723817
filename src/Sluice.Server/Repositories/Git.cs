using System.Diagnostics;
using System.Text;

namespace Sluice.Server.Repositories;

/// <summary>Runs git with arguments (never through a shell) and collects what it printed.</summary>
internal static class Git
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string? directory, IReadOnlyList<string> args, CancellationToken cancellationToken, Stream? output = null)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = output is null ? Encoding.UTF8 : null,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A repository that asks for credentials must fail, not wait for a terminal that is not there.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ASKPASS"] = "/bin/false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        string text;
        if (output is null)
        {
            text = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            text = "";
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, text, await error.ConfigureAwait(false));
    }
}
