using BenchmarkDotNet.Attributes;
using Sluice.Expressions;

namespace Sluice.Benchmarks.Micro;

/// <summary>Representative expressions: a property path, an if-condition, a function call over a filter, and string formatting.</summary>
[MemoryDiagnoser]
public class ExpressionBenchmarks
{
    private static readonly string[] Names = ["github", "matrix", "needs", "env"];

    private readonly ExpressionParserOptions _options = new() { NamedValues = Names };
    private EvaluationContext _context = new();
    private Expression _parsed = null!;

    private static readonly Dictionary<string, string> Expressions = new()
    {
        ["path"] = "github.event.pull_request.head.sha",
        ["condition"] = "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v') || matrix.os != 'windows-latest'",
        ["filter"] = "contains(needs.*.result, 'failure')",
        ["format"] = "format('{0}-{1}-{2}', github.repository, matrix.os, toJSON(matrix.node))",
    };

    [Params("path", "condition", "filter", "format")]
    public string Case { get; set; } = "path";

    private string Text => Expressions[Case];

    [GlobalSetup]
    public void Setup()
    {
        _context = new EvaluationContext
        {
            NamedValues = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
            {
                ["github"] = ExpressionValue.ParseJson("""
                    {"event_name":"push","ref":"refs/tags/v1.2.3","repository":"sluice/sluice",
                     "event":{"pull_request":{"head":{"sha":"0123456789abcdef0123456789abcdef01234567"}}}}
                    """),
                ["matrix"] = ExpressionValue.ParseJson("""{"os":"ubuntu-latest","node":[18,20,22]}"""),
                ["needs"] = ExpressionValue.ParseJson("""
                    {"build":{"result":"success"},"test":{"result":"failure"},"lint":{"result":"skipped"}}
                    """),
                ["env"] = ExpressionValue.ParseJson("""{"CI":"true"}"""),
            },
        };
        _parsed = Expression.Parse(Text, _options);
    }

    [Benchmark]
    public Expression Parse() => Expression.Parse(Text, _options);

    [Benchmark]
    public ExpressionValue Evaluate() => _parsed.Evaluate(_context);

    [Benchmark]
    public ExpressionValue ParseAndEvaluate() => Expression.Parse(Text, _options).Evaluate(_context);
}
