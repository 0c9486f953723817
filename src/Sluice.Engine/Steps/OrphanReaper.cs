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
    public static IReadOnlyList<int> Find(string trackingId)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        var marker = Encoding.UTF8.GetBytes($"{TrackingVariable}={trackingId}\0");
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (environ.AsSpan().IndexOf(marker) >= 0 || environ.AsSpan().EndsWith(marker.AsSpan(0, marker.Length - 1)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone already, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>Signals every process still carrying the id: TERM first, KILL for what is left after <paramref name="grace"/>. Returns how many were found.</summary>
    public static async Task<int> StopAsync(string trackingId, TimeProvider timeProvider, TimeSpan grace)
    {
        var pids = Find(trackingId);
        if (pids.Count == 0)
        {
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

        return pids.Count;
    }
}
