using System.Diagnostics;
using System.Text.Json;
using Sluice.Protocol;

namespace Sluice.Agent;

/// <summary>
/// Starts the agent's worker processes, a fresh one for each job, and keeps the next one started ahead: a spare that
/// waits on its input for its job. Starting a process and its runtime takes tens of milliseconds, which would
/// otherwise lie between a job's claim and its first step. A spare whose input closes before a job comes exits at
/// once, so stopping the agent (or its death) stops the spare too.
/// </summary>
internal sealed class WorkerLauncher(AgentOptions options, TimeProvider time) : IAsyncDisposable
{
    private static readonly TimeSpan RetireWait = TimeSpan.FromSeconds(5);
    private Process? _spare;

    /// <summary>Starts the spare now, unless one is there: it is ready when the next job comes.</summary>
    public void StartSpare() => _spare ??= TryStart();

    /// <summary>
    /// The worker for this job, with the job written to its input: the spare when it is still alive, else a fresh
    /// process; null when no worker could be started.
    /// </summary>
    public async Task<Process?> HandOverAsync(JobAssignment job)
    {
        var line = JsonSerializer.Serialize(job, ProtocolJson.Default.JobAssignment);
        var spare = _spare;
        _spare = null;
        if (spare is not null)
        {
            if (await TryWriteAsync(spare, line).ConfigureAwait(false))
            {
                return spare;
            }

            await RetireAsync(spare).ConfigureAwait(false);
        }

        var fresh = TryStart();
        if (fresh is not null && !await TryWriteAsync(fresh, line).ConfigureAwait(false))
        {
            await RetireAsync(fresh).ConfigureAwait(false);
            return null;
        }

        return fresh;
    }

    public async ValueTask DisposeAsync()
    {
        var spare = _spare;
        _spare = null;
        if (spare is not null)
        {
            await RetireAsync(spare).ConfigureAwait(false);
        }
    }

    private Process? TryStart()
    {
        var start = new ProcessStartInfo(options.WorkerCommand[0]) { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in options.WorkerCommand.Skip(1).Concat(["agent", "worker", "--server", options.Server, "--work", options.WorkDirectory]).Concat(options.WorkerArguments))
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(start);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            return null;
        }
    }

    /// <summary>Writes the job to a worker's input; false when the worker has gone (a spare can die while it waits).</summary>
    private static async Task<bool> TryWriteAsync(Process worker, string line)
    {
        try
        {
            if (worker.HasExited)
            {
                return false;
            }

            await worker.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
            await worker.StandardInput.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the worker's input (a worker without a job then exits), and ends it if it does not.</summary>
    private async Task RetireAsync(Process worker)
    {
        using (worker)
        {
            try
            {
                worker.StandardInput.Close();
                using var wait = new CancellationTokenSource(RetireWait, time);
                await worker.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(worker);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                // It has exited already.
            }
        }
    }

    private static void Kill(Process worker)
    {
        try
        {
            worker.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It exited meanwhile.
        }
    }
}
