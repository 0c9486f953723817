using System.Globalization;

namespace Sluice.Engine.Steps;

/// <summary>A snapshot of Linux's /proc: each process's parent, process group and whether it is still running.</summary>
internal sealed class ProcTable
{
    private readonly Dictionary<int, Entry> _entries;

    private ProcTable(Dictionary<int, Entry> entries) => _entries = entries;

    private readonly record struct Entry(int Parent, int Group, bool Zombie);

    public static ProcTable Read()
    {
        var entries = new Dictionary<int, Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryReadStat(pid) is { } entry)
            {
                entries[pid] = entry;
            }
        }

        return new ProcTable(entries);
    }

    /// <summary>Whether <paramref name="pid"/> exists and is not a zombie (dead, waiting to be reaped).</summary>
    public bool IsLive(int pid) => _entries.TryGetValue(pid, out var entry) && !entry.Zombie;

    public bool HasLiveGroup(int group) => _entries.Values.Any(entry => entry.Group == group && !entry.Zombie);

    /// <summary>
    /// Those of <paramref name="pids"/> that are not in process group <paramref name="group"/>: descendants that left it
    /// (setsid, setpgid), which a signal to the group does not reach.
    /// </summary>
    public IEnumerable<int> OutsideGroup(IEnumerable<int> pids, int group) =>
        pids.Where(pid => !_entries.TryGetValue(pid, out var entry) || entry.Group != group);

    /// <summary>The root, its descendants and the members of its process group.</summary>
    public HashSet<int> TreeOf(int root)
    {
        var tree = new HashSet<int> { root };
        foreach (var (pid, entry) in _entries)
        {
            if (entry.Group == root)
            {
                tree.Add(pid);
            }
        }

        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (pid, entry) in _entries)
            {
                if (tree.Contains(entry.Parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        return tree;
    }

    private static Entry? TryReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 2
            && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent)
            && int.TryParse(fields[2], CultureInfo.InvariantCulture, out var group)
                ? new Entry(parent, group, fields[0] is "Z" or "X")
                : null;
    }
}
