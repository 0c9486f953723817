using System.Diagnostics;
using System.Globalization;

namespace Sluice.Server.Tests.Infrastructure;

/// <summary>
/// Signals to processes by id (<c>kill -s SIGNAL</c>), and a process's descendants found through <c>/proc</c>: what a
/// test needs to freeze a machine (SIGSTOP to an agent and everything it started) and let it go again (SIGCONT).
/// </summary>
public static class ProcessTree
{
    /// <summary>Sends the signal to each target (a process id, or <c>-ID</c> for a process group); returns kill's exit code.</summary>
    public static async Task<int> SignalAsync(string signal, params IEnumerable<string> targets)
    {
        var start = new ProcessStartInfo("kill", ["-s", signal, "--", .. targets]) { UseShellExecute = false, RedirectStandardError = true };
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("could not start kill");
        await kill.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return kill.ExitCode;
    }

    /// <summary>
    /// SIGSTOP to the process, then to every process below it: the process first, so that it starts nothing new
    /// meanwhile. Returns the descendants it stopped, to let them go with <see cref="ContinueAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyList<int>> FreezeAsync(int root)
    {
        await StopAsync([root]);
        var stopped = new List<int>();
        // A child may start a process of its own before its stop arrives: look again until no new one appears.
        while (DescendantsOf(root).Except(stopped).ToList() is { Count: > 0 } more)
        {
            await StopAsync(more);
            stopped.AddRange(more);
        }

        return stopped;
    }

    /// <summary>SIGCONT to these processes.</summary>
    public static async Task ContinueAsync(IEnumerable<int> processes)
    {
        var targets = processes.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList();
        if (targets.Count > 0)
        {
            // A process that ended meanwhile is not an error: kill says so and goes on with the others.
            await SignalAsync("CONT", targets);
        }
    }

    /// <summary>Every process below <paramref name="root"/> (children, their children, ...) alive now.</summary>
    public static IReadOnlyList<int> DescendantsOf(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ParentOf(folder) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var below = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                below.Add(child);
                frontier.Enqueue(child);
            }
        }

        return below;
    }

    private static async Task StopAsync(IEnumerable<int> processes) =>
        await SignalAsync("STOP", processes.Select(p => p.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The parent's id from <c>/proc/PID/stat</c> (the field after the command's name, which may hold spaces).</summary>
    private static int? ParentOf(string folder)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(folder, "stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // it ended meanwhile
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.TryParse(fields[1], out var parent) ? parent : null;
    }
}
