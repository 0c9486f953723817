using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sluice.DashboardBudget;

/// <summary>A <c>sluice</c> process the benchmark starts (the server, an agent), its output kept, killed at the end.</summary>
internal sealed partial class SluiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _newLine = new(0);

    private SluiceProcess(Process process) => _process = process;

    public static SluiceProcess Start(string sluice, string workingDirectory, params string[] args)
    {
        // The benchmark runs the published binary, or the built sluice.dll through dotnet.
        var viaDotnet = sluice.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(viaDotnet ? "dotnet" : sluice) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        if (viaDotnet)
        {
            start.ArgumentList.Add(sluice);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {sluice}");
        var started = new SluiceProcess(process);
        process.OutputDataReceived += (_, e) => started.Add(e.Data);
        process.ErrorDataReceived += (_, e) => started.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Starts <c>sluice server</c> on a free loopback port and returns it with its URL once it listens.</summary>
    public static async Task<(SluiceProcess Server, string Url)> StartServerAsync(string sluice, string folder, string data)
    {
        var server = Start(sluice, folder, "server", "--data", data, "--listen", "127.0.0.1:0");
        var line = await server.WaitForLineAsync(l => l.StartsWith("sluice server listening on ", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        return (server, ListeningOn().Match(line).Groups["url"].Value);
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var seen = 0;
        while (true)
        {
            lock (_lines)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]))
                    {
                        return _lines[seen];
                    }
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited && !await _newLine.WaitAsync(TimeSpan.FromSeconds(1)))
            {
                throw new TimeoutException($"sluice {_process.StartInfo.ArgumentList.FirstOrDefault()} did not say what was awaited; its output:\n{string.Join('\n', _lines)}");
            }

            await _newLine.WaitAsync(left);
        }
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
        }

        _newLine.Release();
    }

    [GeneratedRegex(@"listening on (?<url>http://[^ ]+)")]
    private static partial Regex ListeningOn();

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It had ended.
        }

        _process.Dispose();
        _newLine.Dispose();
    }
}
