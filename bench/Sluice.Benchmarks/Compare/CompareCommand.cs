using System.Globalization;

namespace Sluice.Benchmarks.Compare;

/// <summary>
/// <c>--compare [--seconds S] [--warmup S] [--check] [conformance] [large] [expressions]</c>: one JSON line per
/// benchmark, in the order and shape of bench/npm/run.sh. With no names, all three run. <c>yaml-conformance</c> and
/// <c>yaml-large</c> time YamlDotNet's event parser alone on the same files, for a breakdown (not run by default).
/// </summary>
internal static class CompareCommand
{
    private static readonly string[] AllBenches = ["conformance", "large", "expressions"];
    private static readonly string[] BreakdownBenches = ["yaml-conformance", "yaml-large"];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        double seconds = 5, warmup = 1;
        var check = false;
        var benches = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup" when i + 1 < args.Length:
                    warmup = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--check":
                    check = true;
                    break;
                case var name when AllBenches.Contains(name) || BreakdownBenches.Contains(name):
                    benches.Add(name);
                    break;
                default:
                    error.WriteLine($"unknown argument '{args[i]}'. usage: --compare [--seconds S] [--warmup S] [--check] [{string.Join("] [", AllBenches.Concat(BreakdownBenches))}]");
                    return 2;
            }
        }

        if (seconds <= 0 || warmup < 0)
        {
            error.WriteLine("--seconds must be positive and --warmup zero or positive.");
            return 2;
        }

        var timer = new PassTimer(seconds, warmup);
        var checkOutput = check ? error : null;
        foreach (var bench in benches.Count > 0 ? benches : [.. AllBenches])
        {
            var line = bench switch
            {
                "conformance" => WorkflowComparison.Run(BenchInputs.ConformanceWorkflows, "../inputs/conformance-workflows", timer, checkOutput),
                "large" => WorkflowComparison.Run(BenchInputs.LargeWorkflow, "../inputs/large-workflow.yml", timer, checkOutput),
                "yaml-conformance" => YamlBaseline.Run(BenchInputs.ConformanceWorkflows, "../inputs/conformance-workflows", timer),
                "yaml-large" => YamlBaseline.Run(BenchInputs.LargeWorkflow, "../inputs/large-workflow.yml", timer),
                _ => ExpressionComparison.Run(BenchInputs.Expressions, timer, checkOutput),
            };
            output.WriteLine(line);
            output.Flush();
        }

        return 0;
    }
}
