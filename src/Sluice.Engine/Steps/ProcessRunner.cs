using System.Diagnostics;
using System.Text;

namespace Sluice.Engine.Steps;

/// <summary>
/// Runs one process with an exact environment and streams its output line by line. On Linux the process starts
/// in its own session (through <c>setsid</c>), so a timeout or cancellation stops the whole tree, including
/// backgrounded grandchildren: SIGTERM first, SIGKILL after a grace period.
/// </summary>
/// <remarks>
/// When the process exits by itself, its background children keep running (GitHub leaves them until the job
/// ends); output they write after a short drain period is not reported.
/// </remarks>
public sealed class ProcessRunner(TimeProvider timeProvider, TimeSpan killGrace, TimeSpan drainGrace)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public ProcessRunner()
        : this(TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1))
    {
    }

    public async Task<ProcessOutcome> RunAsync(
        ProcessSpec spec,
        Action<string> onStdoutLine,
        Action<string> onStderrLine,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = StartInfoFor(spec) };
        process.Start();
        process.StandardInput.Close();

        // Callbacks stop once RunAsync returns, even if an orphaned grandchild still holds the pipes.
        using var reporting = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, onStdoutLine, reporting.Token),
            PumpAsync(process.StandardError, onStderrLine, reporting.Token));

        using var timeout = new CancellationTokenSource(spec.Timeout ?? Timeout.InfiniteTimeSpan, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var end = ProcessEnd.Exited;
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            end = cancellationToken.IsCancellationRequested ? ProcessEnd.Cancelled : ProcessEnd.TimedOut;
            await ProcessTreeStopper.StopAsync(process, timeProvider, killGrace).ConfigureAwait(false);
        }

        try
        {
            await pumps.WaitAsync(drainGrace, timeProvider, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A background child still holds stdout or stderr open; see the remarks.
        }
        finally
        {
            await reporting.CancelAsync().ConfigureAwait(false);
        }

        return new ProcessOutcome(process.ExitCode, end);
    }

    private static ProcessStartInfo StartInfoFor(ProcessSpec spec)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = spec.WorkingDirectory,
        };
        if (ProcessTreeStopper.SetsidPath is { } setsid)
        {
            info.FileName = setsid;
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add(spec.FileName);
        }
        else
        {
            info.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine, CancellationToken reporting)
    {
        try
        {
            while (await reader.ReadLineAsync(reporting).ConfigureAwait(false) is { } line)
            {
                if (reporting.IsCancellationRequested)
                {
                    return;
                }

                onLine(line);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException)
        {
        }
    }
}
