namespace Sluice.Server.Tests.Infrastructure;

/// <summary>The <c>sluice agent worker</c> processes alive on this machine for one agent, found by its work folder in their command lines.</summary>
public static class WorkerProcesses
{
    public static int CountFor(string workFolder)
    {
        var count = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out _))
            {
                continue;
            }

            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // it ended meanwhile
            }

            var worker = Array.IndexOf(args, "worker");
            var work = Array.IndexOf(args, "--work");
            if (worker > 0 && args[worker - 1] == "agent" && work > 0 && work + 1 < args.Length && args[work + 1] == workFolder)
            {
                count++;
            }
        }

        return count;
    }
}
