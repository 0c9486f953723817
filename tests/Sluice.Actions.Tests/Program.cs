using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests;

/// <summary>
/// The test assembly as a program of its own: <c>get CACHE HOST OWNER REPO REF</c> is the second process of the
/// cross-process tests (it says "waiting" when it finds another process's lock, then what it got);
/// <c>measure</c> times cold and cached fetches from a loopback host (see <see cref="Measurement"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["get", var cache, var host, var owner, var repository, var reference]:
                return await SecondProcess.GetAsync(cache, host, owner, repository, reference);
            case ["measure", ..]:
                return await Measurement.RunAsync(args[1..]);
            default:
                await Console.Error.WriteLineAsync("usage: get CACHE HOST OWNER REPO REF | measure [ITERATIONS]");
                return 2;
        }
    }
}
