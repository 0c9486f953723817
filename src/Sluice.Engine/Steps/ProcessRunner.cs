namespace Sluice.Engine.Steps;

/// <summary>
/// Runs one process with an exact environment and streams its output line by line. On Linux the process leads its own
/// session (started with posix_spawn, see <see cref="SessionSpawner"/>, else through <c>setsid</c>), so a timeout or
/// cancellation stops the whole tree, including backgrounded grandchildren: SIGTERM first, SIGKILL after a grace period.
/// A program that is missing or cannot be started is a <see cref="ShellException"/>.
/// </summary>
/// <remarks>
/// When the process exits by itself, its background children keep running (GitHub leaves them until the job
/// ends); output they write after a short drain period is not reported.
/// </remarks>
public sealed class ProcessRunner(TimeProvider timeProvider, TimeSpan killGrace, TimeSpan drainGrace)
{
    public ProcessRunner()
        : this(TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>Start processes with posix_spawn where possible; false always starts them through .NET's Process (and setsid).</summary>
    internal bool UseSessionSpawner { get; init; } = true;

    public async Task<ProcessOutcome> RunAsync(
        ProcessSpec spec,
        Action<string> onStdoutLine,
        Action<string> onStderrLine,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        if (spec.Environment.TryGetValue(OrphanReaper.TrackingVariable, out var trackingId))
        {
            ProcessCensus.NoteFirstUse(trackingId);
        }

        using var process = Start(spec);

        // Callbacks stop once RunAsync returns, even if an orphaned grandchild still holds the pipes.
        using var reporting = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, onStdoutLine, reporting.Token),
            PumpAsync(process.StandardError, onStderrLine, reporting.Token));

        using var timeout = spec.Timeout is { } limit ? new CancellationTokenSource(limit, timeProvider) : null;
        using var stop = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var end = ProcessEnd.Exited;
        try
        {
            await process.WaitForExitAsync(stop?.Token ?? cancellationToken).ConfigureAwait(false);
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

    private IRunningProcess Start(ProcessSpec spec) =>
        !OperatingSystem.IsWindows() && UseSessionSpawner && SessionSpawner.IsAvailable ? SessionSpawner.Start(spec) : DotnetProcess.Start(spec);

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
