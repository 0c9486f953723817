using BenchmarkDotNet.Running;
using Sluice.Benchmarks.Compare;

namespace Sluice.Benchmarks;

/// <summary>
/// Two modes: <c>--compare</c> runs the same passes as the npm peer benchmarks (bench/npm) and prints JSON lines
/// of the same shape; anything else goes to BenchmarkDotNet (e.g. <c>--filter '*'</c>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--reports")) return Reports.ReportsCommand.Run(args.Where(a => a != "--reports").ToArray(), Console.Out, Console.Error);

        if (args.Contains("--compare"))
        {
            return CompareCommand.Run(args.Where(a => a != "--compare").ToArray(), Console.Out, Console.Error);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
