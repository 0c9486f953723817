using System.Globalization;
using System.Text;

namespace Sluice.Actions.Tests.Support;

/// <summary>What Linux's /proc says about a running process and its descendants.</summary>
public static class ProcessTree
{
    /// <summary>The process and all its descendants that are running now.</summary>
    public static IReadOnlyList<int> WithDescendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                children.TryAdd(parent, []);
                children[parent].Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            found.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid, []))
            {
                pending.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>The process's command line as the system shows it to anyone, arguments joined by spaces; empty when it has ended.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
