namespace Sluice.ServerCapacity;

/// <summary>The server's memory as the kernel counts it: resident now (VmRSS) and the most it has been (VmHWM), in MB.</summary>
internal sealed class ServerProcess(int pid)
{
    public double ResidentMegabytes() => Field("VmRSS:");

    public double PeakResidentMegabytes() => Field("VmHWM:");

    private double Field(string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return Math.Round(kilobytes / 1024.0, 1);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {name}");
    }
}
