using System.Globalization;
using System.Text;

namespace Sluice.Engine.Steps;

/// <summary>
/// Stops what a job's steps left running in the background when the job ends, as GitHub's runner does: every step's
/// processes carry <see cref="TrackingVariable"/> in their environment, and whatever still carries the job's id at
/// the end is signalled (TERM, then KILL). Only processes of this user that can be read in /proc are seen.
/// </summary>
public static class OrphanReaper
{
    public const string TrackingVariable = "SLUICE_TRACKING_ID";

    /// <summary>The ids of the live processes whose environment holds <c>SLUICE_TRACKING_ID=</c><paramref name="trackingId"/>.</summary>
    /// <remarks>
    /// Runs at the end of every job, so it reads only the processes that may carry the id (<see cref="ProcessCensus"/>),
    /// each with one open, read and close (<see cref="RawFiles"/>).
    /// </remarks>
    public static IReadOnlyList<int> Find(string trackingId)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        var entry = Encoding.UTF8.GetBytes($"{TrackingVariable}={trackingId}");
        var self = Environment.ProcessId;
        var buffer = new byte[16 * 1024];
        foreach (var pid in ProcessCensus.Candidates(trackingId) ?? AllProcesses())
        {
            // Gone already, or not ours to read: -1.
            var length = pid == self ? -1 : RawFiles.TryReadAll($"/proc/{pid}/environ", ref buffer);
            if (length > 0 && HasEntry(buffer.AsSpan(0, length), entry))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static IEnumerable<int> AllProcesses()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(directory.AsSpan("/proc/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>Whether NUL-separated <paramref name="environ"/> holds exactly <paramref name="entry"/> (NAME=value) as one of its entries.</summary>
    internal static bool HasEntry(ReadOnlySpan<byte> environ, ReadOnlySpan<byte> entry)
    {
        var offset = 0;
        while (environ[offset..].IndexOf(entry) is var index and >= 0)
        {
            var start = offset + index;
            var end = start + entry.Length;
            if ((start == 0 || environ[start - 1] == 0) && (end == environ.Length || environ[end] == 0))
            {
                return true;
            }

            offset = start + 1;
        }

        return false;
    }

    /// <summary>Signals every process still carrying the id: TERM first, KILL for what is left after <paramref name="grace"/>. Returns how many were found.</summary>
    public static async Task<int> StopAsync(string trackingId, TimeProvider timeProvider, TimeSpan grace)
    {
        var pids = Find(trackingId);
        if (pids.Count == 0)
        {
            ProcessCensus.Forget(trackingId);
            return 0;
        }

        foreach (var pid in pids)
        {
            ProcessTreeStopper.SendSignal(pid, ProcessTreeStopper.SigTerm);
        }

        var deadline = timeProvider.GetTimestamp();
        while (timeProvider.GetElapsedTime(deadline) < grace && Find(trackingId).Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), timeProvider).ConfigureAwait(false);
        }

        foreach (var pid in Find(trackingId))
        {
            ProcessTreeStopper.SendSignal(pid, ProcessTreeStopper.SigKill);
        }

        ProcessCensus.Forget(trackingId);
        return pids.Count;
    }
}
