using System.Diagnostics;

namespace Sluice.Server.Tests.Infrastructure;

/// <summary>Named pipes, where steps of different jobs meet: opening one blocks until the other end is opened too.</summary>
public static class Fifo
{
    public static async Task MakeAsync(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync().WaitAsync(Fleet.Patience);
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
