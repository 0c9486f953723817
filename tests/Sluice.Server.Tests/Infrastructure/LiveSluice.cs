using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sluice.Server.Tests.Infrastructure;

/// <summary>
/// A long-running sluice process (server, agent, <c>sluice up</c>): its output lines are kept and can be waited for,
/// and it is killed with everything it started when the test ends, or when the test process exits.
/// </summary>
public sealed class LiveSluice : IDisposable
{
    private static readonly ConcurrentDictionary<LiveSluice, bool> Running = new();

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static LiveSluice() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var live in Running.Keys)
        {
            live.Kill();
        }
    };

    private LiveSluice(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything it wrote so far, standard output and error interleaved as they came.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static LiveSluice Start(string name, string workingDirectory, params string[] args) => Start(name, workingDirectory, false, args);

    /// <summary>
    /// Starts sluice; with <paramref name="ownSession"/>, as the leader of a session and process group of its own (through
    /// setsid), the way a shell runs a command in a terminal, so that <see cref="InterruptGroupAsync"/> can send Ctrl-C.
    /// </summary>
    public static LiveSluice Start(string name, string workingDirectory, bool ownSession, params string[] args) =>
        Start(name, workingDirectory, ownSession, new Dictionary<string, string?>(), args);

    /// <summary>Starts sluice with these environment variables on top (a null value removes one).</summary>
    public static LiveSluice Start(string name, string workingDirectory, bool ownSession, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var variables = new Dictionary<string, string?> { ["SLUICE_SERVER"] = null, ["SLUICE_TOKEN"] = null, ["SLUICE_DATABASE"] = null };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        var start = SluiceProcess.StartInfo(workingDirectory, variables, args);
        start.RedirectStandardInput = true;
        if (ownSession)
        {
            start.ArgumentList.Insert(0, start.FileName);
            start.FileName = "setsid";
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var live = new LiveSluice(name, process);
        process.OutputDataReceived += (_, e) => live.Add(e.Data);
        process.ErrorDataReceived += (_, e) => live.Add(e.Data);
        process.Exited += (_, _) => live._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start sluice {string.Join(' ', args)}");
        }

        Running[live] = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return live;
    }

    /// <summary>Waits until a line of its output matches, and returns it; fails when it exits first or <paramref name="within"/> passes.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                changed = _changed.Task;
            }

            if (HasExited)
            {
                // The last lines may still be on their way: the streams end after the process does.
                await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_lines.FirstOrDefault(match) is { } late)
                    {
                        return late;
                    }
                }

                throw new InvalidOperationException($"{Name} exited ({ExitCode}) before {what}:\n{Output}");
            }

            try
            {
                await Task.WhenAny(changed, _exited.Task).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name}: no {what} within {within.TotalSeconds} s:\n{Output}");
            }
        }
    }

    /// <summary>Waits for the process to end and returns its exit code; fails after <paramref name="within"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        try
        {
            await _exited.Task.WaitAsync(within).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not exit within {within.TotalSeconds} s:\n{Output}");
        }

        // Exited fires before the last output lines are read; this waits for the end of both streams.
        await _process.WaitForExitAsync().WaitAsync(within).ConfigureAwait(false);
        Running.TryRemove(this, out _);
        return _process.ExitCode;
    }

    /// <summary>SIGINT to its process group, as Ctrl-C in a terminal sends it (started with its own session).</summary>
    public async Task InterruptGroupAsync()
    {
        if (await SignalGroupAsync("INT") != 0)
        {
            throw new InvalidOperationException($"kill -s INT -- -{Id} failed");
        }
    }

    /// <summary>Whether any process is left in its process group (started with its own session).</summary>
    public async Task<bool> GroupIsEmptyAsync() => await SignalGroupAsync("0") != 0;

    /// <summary>SIGTERM to this process alone, as a service manager asks a program to stop.</summary>
    public async Task TerminateAsync()
    {
        if (await ProcessTree.SignalAsync("TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) != 0)
        {
            throw new InvalidOperationException($"kill -s TERM {Id} failed");
        }
    }

    private Task<int> SignalGroupAsync(string signal) => ProcessTree.SignalAsync(signal, "-" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>SIGKILL to the process and every process it started (kill -9 of the whole tree).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    /// <summary>SIGKILL to this process alone: what it started lives on, orphaned.</summary>
    public void KillAlone()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    public void Dispose()
    {
        Kill();
        Running.TryRemove(this, out _);
        _process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {Id})";

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
