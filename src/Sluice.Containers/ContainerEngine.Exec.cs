using Sluice.Containers.Json;

namespace Sluice.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// The environment variable every exec'd process gets, with a value unique to the exec: how a cancelled exec's
    /// processes are found inside the container (the Docker API has no call to signal an exec).
    /// </summary>
    public const string ExecMarkerVariable = "SLUICE_EXEC_ID";

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(1);
    private const int KillAttempts = 3;

    /// <summary>
    /// Runs a command in a running container and streams its output line by line as it arrives: standard output
    /// to <paramref name="onStdoutLine"/>, standard error to <paramref name="onStderrLine"/> (UTF-8, without the
    /// newline; a last line without one is delivered too). The callbacks are called one at a time, in order; an
    /// exception from one kills the process and is rethrown.
    /// </summary>
    /// <remarks>
    /// Cancelling <paramref name="cancellationToken"/> once the process runs stops it and returns promptly with
    /// <see cref="ExecResult.Cancelled"/> set: SIGTERM goes to every process in the container whose environment
    /// holds this exec's <see cref="ExecMarkerVariable"/> (the command and the children that inherited its
    /// environment); whatever is left after the grace period gets SIGKILL. The signals are sent by a second exec
    /// of a small <c>sh</c> script (it needs <c>sh</c>, <c>tr</c>, <c>grep</c> and <c>kill</c> in the image, and the right to
    /// signal the processes, which running as the same user gives). A process that cleared its environment, or an
    /// image without a shell, is not reached: then the call still returns, and the process runs on until the
    /// container is removed. Cancellation before the exec started throws <see cref="OperationCanceledException"/>.
    /// </remarks>
    /// <exception cref="ContainerEngineException">No such container, it is not running, or the engine failed.</exception>
    public async Task<ExecResult> ExecAsync(ExecSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onStdoutLine);
        ArgumentNullException.ThrowIfNull(onStderrLine);
        RequireName(spec.ContainerId, nameof(spec.ContainerId));
        if (spec.Command.Count == 0)
        {
            throw new ArgumentException("An exec needs a command.", nameof(spec));
        }

        var marker = Guid.NewGuid().ToString("N");
        var env = (spec.Env ?? new Dictionary<string, string>()).Select(e => $"{e.Key}={e.Value}").Append($"{ExecMarkerVariable}={marker}").ToList();
        var execId = await CreateExecAsync(spec.ContainerId, [.. spec.Command], env, spec.WorkingDir, spec.User, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // From here on the process may run: the caller's token no longer aborts, it stops the process.
        var what = $"running `{string.Join(' ', spec.Command)}` in container {spec.ContainerId}";
        using var response = await http.OpenStreamAsync(HttpMethod.Post, EngineHttp.Versioned($"exec/{EngineHttp.Segment(execId)}/start"), what,
            CancellationToken.None, EngineHttp.Json(new StartExecBody(), EngineJson.Default.StartExecBody)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(CancellationToken.None).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var abort = new CancellationTokenSource();
            var pump = PumpLinesAsync(body, onStdoutLine, onStderrLine, what, abort.Token);
            try
            {
                await pump.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (pump.IsFaulted && pump.Exception?.InnerException is not ContainerEngineException)
            {
                // A callback threw: the process must not run on unobserved.
                await SignalMarkedProcessesAsync(spec, marker, "KILL").ConfigureAwait(false);
                throw;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !pump.IsCompleted)
            {
                await StopExecAsync(spec, marker, pump).ConfigureAwait(false);
                await abort.CancelAsync().ConfigureAwait(false);
                response.Dispose();
                await Task.WhenAny(pump, Task.Delay(KillWait, Options.TimeProvider, CancellationToken.None)).ConfigureAwait(false);
                _ = pump.ContinueWith(static abandoned => abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return new ExecResult(await ExitCodeOrUnknownAsync(execId, settle: pump.IsCompletedSuccessfully).ConfigureAwait(false), Cancelled: true);
            }

            await pump.ConfigureAwait(false);
        }

        // The process has ended: its exit code is read even if the caller cancels just now.
        var exitCode = await ExitCodeAsync(execId, what, CancellationToken.None).ConfigureAwait(false);
        return new ExecResult(exitCode, Cancelled: false);
    }

    private async Task<string> CreateExecAsync(string containerId, List<string> command, List<string>? env, string? workingDir, string? user, CancellationToken cancellationToken)
    {
        var body = new CreateExecBody { Cmd = command, Env = env, WorkingDir = workingDir, User = user };
        var created = await http.SendForJsonAsync(HttpMethod.Post, EngineHttp.Versioned($"containers/{EngineHttp.Segment(containerId)}/exec"),
            EngineJson.Default.IdBody, $"starting `{string.Join(' ', command)}` in container {containerId}", cancellationToken,
            EngineHttp.Json(body, EngineJson.Default.CreateExecBody)).ConfigureAwait(false);
        return created.Id ?? throw new ContainerEngineException($"creating an exec in container {containerId}: the engine answered without an id.", Endpoint.ToString());
    }

    private async Task PumpLinesAsync(Stream body, Action<string> onStdoutLine, Action<string> onStderrLine, string what, CancellationToken cancellationToken)
    {
        // Off the caller's synchronous path: the caller waits on this task, or on its token.
        await Task.Yield();
        var stdout = new LineAssembler(onStdoutLine);
        var stderr = new LineAssembler(onStderrLine);
        try
        {
            await StreamDemultiplexer.PumpAsync(body, (stream, bytes) => (stream == OutputStream.Stderr ? stderr : stdout).Append(bytes), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new ContainerEngineException($"{what}: the output stream broke off ({exception.Message}); is the engine still running?", Endpoint.ToString(), exception);
        }

        stdout.Complete();
        stderr.Complete();
    }

    /// <summary>SIGTERM to the exec's processes, SIGKILL after the grace period, until its output stream ends.</summary>
    private async Task StopExecAsync(ExecSpec spec, string marker, Task pump)
    {
        var grace = spec.StopGracePeriod ?? Options.ExecStopGracePeriod;
        await SignalMarkedProcessesAsync(spec, marker, "TERM").ConfigureAwait(false);
        if (await EndsWithinAsync(pump, grace).ConfigureAwait(false))
        {
            return;
        }

        // Repeated: a process forked between the scan and the signal escapes one pass.
        for (var attempt = 0; attempt < KillAttempts; attempt++)
        {
            await SignalMarkedProcessesAsync(spec, marker, "KILL").ConfigureAwait(false);
            if (await EndsWithinAsync(pump, KillWait).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Signals, from a second exec, every process in the container whose environment holds the marker. Best
    /// effort and bounded in time: a failure here leaves the caller's bounded wait to end the cancellation.
    /// </summary>
    private async Task SignalMarkedProcessesAsync(ExecSpec spec, string marker, string signal)
    {
        // The processes are stopped before the signal and continued after it: otherwise a parent could see its
        // child die of the signal and carry on (or exit 0) before the signal reached the parent too.
        const string Script = """
            marker="$1=$2"; signal="$3"; pids=""
            for dir in /proc/[0-9]*; do
              pid="${dir#/proc/}"
              [ "$pid" = "$$" ] && continue
              tr '\0' '\n' < "$dir/environ" 2>/dev/null | grep -qxF "$marker" && pids="$pids $pid"
            done
            [ -n "$pids" ] || exit 0
            kill -s STOP $pids 2>/dev/null
            kill -s "$signal" $pids 2>/dev/null
            kill -s CONT $pids 2>/dev/null
            exit 0
            """;
        try
        {
            var timeout = TimeSpan.FromSeconds(5);
            await http.WithDeadlineAsync($"signalling an exec in container {spec.ContainerId}", timeout, async token =>
            {
                var execId = await CreateExecAsync(spec.ContainerId, ["sh", "-c", Script, "sh", ExecMarkerVariable, marker, signal], null, null, spec.User, token).ConfigureAwait(false);
                using var response = await http.OpenStreamAsync(HttpMethod.Post, EngineHttp.Versioned($"exec/{EngineHttp.Segment(execId)}/start"), "signalling",
                    token, EngineHttp.Json(new StartExecBody(), EngineJson.Default.StartExecBody)).ConfigureAwait(false);
                await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                await StreamDemultiplexer.PumpAsync(body, static (_, _) => { }, token).ConfigureAwait(false);
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ContainerEngineException)
        {
            // The container is gone or has no shell: the bounded waits decide what happens next.
        }
    }

    private async Task<bool> EndsWithinAsync(Task task, TimeSpan limit)
    {
        using var stop = new CancellationTokenSource();
        var finished = await Task.WhenAny(task, Task.Delay(limit, Options.TimeProvider, stop.Token)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        return finished == task;
    }

    /// <summary>
    /// The exec's exit code from exec inspect. The engine can answer "running" for a moment after the output
    /// stream closed, so a few short waits are allowed for it to record the code.
    /// </summary>
    private async Task<int> ExitCodeAsync(string execId, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var inspected = await http.SendForJsonAsync(HttpMethod.Get, EngineHttp.Versioned($"exec/{EngineHttp.Segment(execId)}/json"),
                EngineJson.Default.ExecInspectBody, $"{what}: reading its exit code", cancellationToken).ConfigureAwait(false);
            if (!inspected.Running && inspected.ExitCode is { } code)
            {
                return code;
            }

            if (attempt == 50)
            {
                throw new ContainerEngineException($"{what}: the output ended but the engine still reports the process running.", Endpoint.ToString());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> ExitCodeOrUnknownAsync(string execId, bool settle)
    {
        try
        {
            using var limit = new CancellationTokenSource(settle ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(500), Options.TimeProvider);
            return await ExitCodeAsync(execId, "reading a stopped exec's exit code", limit.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ContainerEngineException or OperationCanceledException)
        {
            return ExecResult.UnknownExitCode;
        }
    }
}
