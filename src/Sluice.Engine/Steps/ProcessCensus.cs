using System.Runtime.InteropServices;

namespace Sluice.Engine.Steps;

/// <summary>
/// Remembers the processes in /proc from one orphan scan to the next, so that a scan for a tracking id reads the
/// environment only of the processes that may carry it: those not already seen before the id's first process started.
/// Every job ends with such a scan, and a machine runs hundreds of processes, each an open, a read of another process's
/// memory and a close; this way a scan costs one readdir of /proc plus the processes new since the job started.
/// </summary>
/// <remarks>
/// A process is known by its pid and the inode number of its /proc entry, which readdir reports without another system
/// call; a pid used again belongs to a new entry with a new number. Scans are numbered, and an id remembers how many had
/// completed when its first process was about to start: a process first seen by one of those existed before the id did.
/// Without libc's readdir (or off 64-bit Linux) every process is read.
/// </remarks>
internal static class ProcessCensus
{
    private const byte DirectoryType = 4;
    private const int InodeOffset = 0;
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Known> KnownProcesses = [];
    private static readonly Dictionary<string, long> FirstUse = new(StringComparer.Ordinal);
    private static readonly List<int> Gone = [];
    private static long s_completedScans;
    private static bool s_unavailable = !OperatingSystem.IsLinux() || IntPtr.Size != 8;

    private readonly record struct Known(ulong Inode, long FirstScan, long LastScan);

    /// <summary>Call before the first process whose environment carries <paramref name="trackingId"/> starts.</summary>
    public static void NoteFirstUse(string trackingId)
    {
        lock (Gate)
        {
            FirstUse.TryAdd(trackingId, s_completedScans);
        }
    }

    /// <summary>Once nothing carrying <paramref name="trackingId"/> is left: later scans for it read every process again.</summary>
    public static void Forget(string trackingId)
    {
        lock (Gate)
        {
            FirstUse.Remove(trackingId);
        }
    }

    /// <summary>The pids that may carry <paramref name="trackingId"/>, or null when /proc cannot be listed this way.</summary>
    public static List<int>? Candidates(string trackingId)
    {
        lock (Gate)
        {
            if (s_unavailable)
            {
                return null;
            }

            IntPtr directory;
            try
            {
                directory = LibC.OpenDir("/proc");
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                s_unavailable = true;
                return null;
            }

            if (directory == IntPtr.Zero)
            {
                return null;
            }

            var cutoff = FirstUse.TryGetValue(trackingId, out var completed) ? completed : -1;
            var scan = s_completedScans + 1;
            var candidates = new List<int>();
            try
            {
                for (var entry = LibC.ReadDir(directory); entry != IntPtr.Zero; entry = LibC.ReadDir(directory))
                {
                    if (Marshal.ReadByte(entry, TypeOffset) != DirectoryType || ParsePid(entry + NameOffset) is not { } pid)
                    {
                        continue;
                    }

                    var inode = (ulong)Marshal.ReadInt64(entry, InodeOffset);
                    if (KnownProcesses.TryGetValue(pid, out var known) && known.Inode == inode)
                    {
                        KnownProcesses[pid] = known with { LastScan = scan };
                        if (known.FirstScan <= cutoff)
                        {
                            continue;
                        }
                    }
                    else
                    {
                        KnownProcesses[pid] = new Known(inode, scan, scan);
                    }

                    candidates.Add(pid);
                }
            }
            finally
            {
                _ = LibC.CloseDir(directory);
            }

            ForgetGone(scan);
            s_completedScans = scan;
            return candidates;
        }
    }

    private static void ForgetGone(long scan)
    {
        foreach (var (pid, known) in KnownProcesses)
        {
            if (known.LastScan != scan)
            {
                Gone.Add(pid);
            }
        }

        foreach (var pid in Gone)
        {
            KnownProcesses.Remove(pid);
        }

        Gone.Clear();
    }

    private static int? ParsePid(IntPtr name)
    {
        var pid = 0;
        for (var offset = 0; ; offset++)
        {
            var character = Marshal.ReadByte(name, offset);
            if (character == 0)
            {
                return offset == 0 ? null : pid;
            }

            if (character is < (byte)'0' or > (byte)'9' || offset >= 9)
            {
                return null;
            }

            pid = (pid * 10) + (character - '0');
        }
    }
}
