using System.Globalization;

namespace Sluice.Benchmarks.Reports;

/// <summary>The process's resident memory as Linux reports it in /proc/self/status, in kB (-1 where unavailable).</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size so far (VmHWM): what <c>/usr/bin/time -v</c> calls maximum resident set size.</summary>
    public static long PeakKb() => Read("VmHWM:");

    /// <summary>Resident set size now (VmRSS).</summary>
    public static long CurrentKb() => Read("VmRSS:");

    private static long Read(string key)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return -1;
        }

        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var digits = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
