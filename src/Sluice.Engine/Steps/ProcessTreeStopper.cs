using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sluice.Engine.Steps;

/// <summary>
/// Stops a process and everything it started. On Linux the root runs in its own session and process group
/// (posix_spawn with POSIX_SPAWN_SETSID, or setsid), so the group gets the signals; descendants that left the group are
/// found through /proc before anything dies, because orphans are re-parented and could no longer be traced.
/// </summary>
internal static partial class ProcessTreeStopper
{
    internal const int SigKill = 9;
    internal const int SigTerm = 15;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public static string? SetsidPath { get; } =
        OperatingSystem.IsLinux() && Directory.Exists("/proc")
            ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
            : null;

    public static async Task StopAsync(IRunningProcess process, TimeProvider timeProvider, TimeSpan killGrace)
    {
        if (!process.InOwnSession)
        {
            process.KillTree();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var root = process.Id;
        var table = ProcTable.Read();
        var tracked = table.TreeOf(root);
        // SIGTERM once to each process: to the group, and to each descendant that left it. A process sent it twice runs
        // its trap twice (bash counts them), and a trap that ends the step on its first call can be cut short by its second.
        Signal(root, table.OutsideGroup(tracked, root), SigTerm);
        if (!await AllGoneAsync(process, root, tracked, timeProvider, killGrace).ConfigureAwait(false))
        {
            tracked.UnionWith(ProcTable.Read().TreeOf(root));
            Signal(root, tracked, SigKill);
            await AllGoneAsync(process, root, tracked, timeProvider, killGrace).ConfigureAwait(false);
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static void Signal(int groupLeader, IEnumerable<int> pids, int signal)
    {
        SendSignal(-groupLeader, signal);
        foreach (var pid in pids)
        {
            SendSignal(pid, signal);
        }
    }

    private static bool s_libcUnavailable;

    // Prefer libc's kill(2); where "libc" cannot be loaded, the kill program does the same, one process slower.
    internal static void SendSignal(int target, int signal)
    {
        if (!s_libcUnavailable)
        {
            try
            {
                _ = Kill(target, signal);
                return;
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                s_libcUnavailable = true;
            }
        }

        var program = new[] { "/usr/bin/kill", "/bin/kill" }.FirstOrDefault(File.Exists);
        if (program is null)
        {
            return;
        }

        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-s", signal == SigKill ? "KILL" : "TERM", "--", target.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(info);
        kill?.WaitForExit();
    }

    private static async Task<bool> AllGoneAsync(IRunningProcess process, int root, HashSet<int> tracked, TimeProvider timeProvider, TimeSpan within)
    {
        var deadline = timeProvider.GetTimestamp() + (long)(within.TotalSeconds * timeProvider.TimestampFrequency);
        while (true)
        {
            var table = ProcTable.Read();
            if (process.HasExited && !tracked.Any(table.IsLive) && !table.HasLiveGroup(root))
            {
                return true;
            }

            if (timeProvider.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, timeProvider).ConfigureAwait(false);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
