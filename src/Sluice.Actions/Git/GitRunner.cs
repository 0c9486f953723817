using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Sluice.Actions.Git;

/// <summary>
/// Runs git as a real process, its arguments as a list (never through a shell), in the environment of
/// <see cref="GitEnvironment"/>. A process that shows no sign of life (no output on either stream) for the
/// inactivity timeout is stopped, with its children, so a host that does not answer can never hang a run.
/// </summary>
internal sealed class GitRunner(string gitPath, Action<IDictionary<string, string?>> prepareEnvironment, string workingDirectory, TimeProvider time, TimeSpan inactivity, StoreHooks hooks)
{
    /// <summary>Enough of git's standard error to explain a failure; progress output beyond it is dropped.</summary>
    private const int ErrorTail = 16 * 1024;
    private const int MaxOutput = 4 * 1024 * 1024;
    private const int GraceMilliseconds = 200;

    public TimeSpan Inactivity => inactivity;

    /// <summary>Runs git and collects its standard output as text.</summary>
    public async Task<GitOutcome> RunAsync(IReadOnlyList<string> arguments, string tried, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var outcome = await RunAsync(arguments, tried, async (stdout, token) =>
        {
            using var reader = new StreamReader(stdout, Encoding.UTF8);
            var buffer = new char[8192];
            int read;
            while ((read = await reader.ReadAsync(buffer, token)) > 0)
            {
                if (output.Length < MaxOutput)
                {
                    output.Append(buffer, 0, read);
                }
            }
        }, cancellationToken);
        return outcome with { Output = output.ToString() };
    }

    /// <summary>Runs git and hands its standard output, as a stream, to <paramref name="consume"/>.</summary>
    public async Task<GitOutcome> RunAsync(IReadOnlyList<string> arguments, string tried, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(gitPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        prepareEnvironment(start.Environment);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ActionFetchException(ActionFetchFailure.Other, $"git could not be started ({ex.Message}); install git, or check that '{gitPath}' is git", tried, ex);
        }

        hooks.GitStarted?.Invoke(process.Id, arguments);
        process.StandardInput.Close();

        using var silence = new CancellationTokenSource(inactivity, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var error = new ErrorTailBuffer(ErrorTail);
        void Alive()
        {
            try
            {
                silence.CancelAfter(inactivity);
            }
            catch (ObjectDisposedException)
            {
                // The process has been dealt with; a late read does not matter.
            }
        }

        var reading = Task.WhenAll(
            consume(new ActivityStream(process.StandardOutput.BaseStream, Alive), stop.Token),
            ReadErrorAsync(process.StandardError.BaseStream, error, Alive, stop.Token));
        try
        {
            await reading;
            await process.WaitForExitAsync(stop.Token);
            return new GitOutcome(process.ExitCode, "", error.Text, TimedOut: false);
        }
        catch (Exception)
        {
            // When the reader stumbled on its own (a cut-off archive, say), git has usually just failed and says
            // why better; a moment lets it exit by itself before it is stopped.
            var exitedByItself = process.HasExited || (!stop.IsCancellationRequested && process.WaitForExit(GraceMilliseconds));
            Stop(process);
            await Quietly(reading);
            cancellationToken.ThrowIfCancellationRequested();
            if (silence.IsCancellationRequested)
            {
                return new GitOutcome(-1, "", error.Text, TimedOut: true);
            }

            if (exitedByItself && process.ExitCode != 0)
            {
                return new GitOutcome(process.ExitCode, "", error.Text, TimedOut: false);
            }

            throw;
        }
    }

    private static async Task ReadErrorAsync(Stream stderr, ErrorTailBuffer error, Action alive, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = await stderr.ReadAsync(buffer, cancellationToken)) > 0)
        {
            alive();
            error.Append(buffer.AsSpan(0, read));
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        catch (Win32Exception)
        {
            // It exited while being stopped.
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Only waiting for the readers to let go of the pipes; their failure was the process's.
        }
    }
}
