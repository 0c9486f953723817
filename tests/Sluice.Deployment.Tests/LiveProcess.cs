using System.Diagnostics;

namespace Sluice.Deployment.Tests;

/// <summary>A long-running command (a container in the foreground) whose output lines can be waited for; killed when disposed.</summary>
internal sealed class LiveProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waits = [];

    public LiveProcess(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Tool.RepositoryRoot };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan within)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            _waits.Add((match, found));
        }

        using var deadline = new CancellationTokenSource(within);
        var exited = _process.WaitForExitAsync(deadline.Token);
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(Timeout.Infinite, deadline.Token));
        if (first == found.Task)
        {
            return await found.Task;
        }

        throw new TimeoutException($"no {what} within {within.TotalSeconds} s{(_process.HasExited ? $" (it exited with {_process.ExitCode})" : "")}:\n{Output}");
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited.
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            foreach (var wait in _waits.Where(w => w.Match(line)).ToList())
            {
                _waits.Remove(wait);
                wait.Found.TrySetResult(line);
            }
        }
    }
}
