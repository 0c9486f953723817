using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Quality.Gates;

/// <summary>
/// Reads <c>.sluice/gate.yml</c>:
/// <code>
/// conditions:
///   - tests.failed == 0
///   - name: Coverage of the change
///     condition: coverage.patch >= 90
/// inconclusive: report | pass | fail
/// patch: { min-lines: 20 }
/// flaky: { window: 30, failure-rate: 5, min-runs: 5, clear-after: 10 }
/// benchmarks: { samples: 64, upper-boundary: 0.99, min-change: 5 }
/// tests: { repeated-cases: distinct | retries }
/// </code>
/// </summary>
public static class GateDefinitionLoader
{
    private const int MaxFileBytes = 1024 * 1024;

    public static GateDefinition LoadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new GateDefinitionException(path, null, "the gate file does not exist. Create it, or give conditions with --condition.");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new GateDefinitionException(path, null, $"the gate file is larger than {MaxFileBytes} bytes.");
        }

        return Load(path, File.ReadAllText(path));
    }

    public static GateDefinition Load(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new GateDefinitionException(file, (int)ex.Start.Line, $"not valid YAML: {ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new GateDefinitionException(file, null, "a gate file is a mapping with a 'conditions' list.");
        }

        var conditions = new List<GateCondition>();
        var definition = new GateDefinition();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Scalar(file, keyNode);
            switch (key)
            {
                case "conditions":
                    conditions.AddRange(Conditions(file, value));
                    break;
                case "inconclusive":
                    definition = With(definition, inconclusive: Scalar(file, value) switch
                    {
                        "report" => InconclusivePolicy.Report,
                        "pass" => InconclusivePolicy.Pass,
                        "fail" => InconclusivePolicy.Fail,
                        var other => throw new GateDefinitionException(file, Line(value), $"'inconclusive' is 'report', 'pass' or 'fail', not '{other}'."),
                    });
                    break;
                case "patch":
                    definition = With(definition, patchMinimumLines: (int)Number(file, Setting(file, value, "min-lines") ?? throw Missing(file, value, "patch", "min-lines"), 0));
                    break;
                case "flaky":
                    definition = With(definition, flaky: new FlakySettings(
                        (int)NumberOr(file, value, "window", definition.Flaky.Window, 1),
                        NumberOr(file, value, "failure-rate", definition.Flaky.FailureRatePercent, 0),
                        (int)NumberOr(file, value, "min-runs", definition.Flaky.MinimumRuns, 1),
                        (int)NumberOr(file, value, "clear-after", definition.Flaky.ClearAfterPasses, 1)));
                    break;
                case "benchmarks":
                    definition = With(definition, benchmarks: new BenchmarkSettings(
                        (int)NumberOr(file, value, "samples", definition.Benchmarks.Samples, 2),
                        NumberOr(file, value, "upper-boundary", definition.Benchmarks.UpperBoundary, 0.5),
                        NumberOr(file, value, "min-change", definition.Benchmarks.MinimumRelativeChange * 100, 0) / 100));
                    break;
                case "tests":
                    definition = With(definition, repeatedCasesAreRetries: Setting(file, value, "repeated-cases") switch
                    {
                        null => definition.RepeatedCasesAreRetries,
                        "distinct" => false,
                        "retries" => true,
                        var other => throw new GateDefinitionException(file, Line(value), $"'tests.repeated-cases' is 'distinct' or 'retries', not '{other}'."),
                    });
                    break;
                default:
                    throw new GateDefinitionException(file, Line(keyNode), $"unknown key '{key}'. A gate file has 'conditions', 'inconclusive', 'patch', 'flaky', 'benchmarks' and 'tests'.");
            }
        }

        if (conditions.Count == 0)
        {
            throw new GateDefinitionException(file, Line(root), "the gate has no conditions. Add a 'conditions' list such as '- tests.failed == 0'.");
        }

        return With(definition, conditions: conditions);
    }

    private static IEnumerable<GateCondition> Conditions(string file, YamlNode node)
    {
        if (node is not YamlSequenceNode list)
        {
            throw new GateDefinitionException(file, Line(node), "'conditions' is a list of expressions, or of mappings with 'name' and 'condition'.");
        }

        foreach (var item in list.Children)
        {
            switch (item)
            {
                case YamlScalarNode scalar:
                    var text = scalar.Value ?? "";
                    yield return new GateCondition(text, text, Line(item));
                    break;
                case YamlMappingNode mapping:
                    var condition = Setting(file, mapping, "condition") ?? throw Missing(file, mapping, "condition entry", "condition");
                    yield return new GateCondition(Setting(file, mapping, "name") ?? condition, condition, Line(item));
                    break;
                default:
                    throw new GateDefinitionException(file, Line(item), "each condition is an expression or a mapping with 'name' and 'condition'.");
            }
        }
    }

    private static string? Setting(string file, YamlNode node, string key)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw new GateDefinitionException(file, Line(node), $"expected a mapping with '{key}'.");
        }

        return mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Scalar(file, value) : null;
    }

    private static double NumberOr(string file, YamlNode node, string key, double fallback, double minimum) =>
        Setting(file, node, key) is { } text ? Number(file, text, minimum) : fallback;

    private static double Number(string file, string text, double minimum)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new GateDefinitionException(file, null, $"'{text}' is not a number of at least {minimum.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    private static string Scalar(string file, YamlNode node) =>
        node is YamlScalarNode scalar ? scalar.Value ?? "" : throw new GateDefinitionException(file, Line(node), "expected a single value here.");

    private static GateDefinitionException Missing(string file, YamlNode node, string where, string key) =>
        new(file, Line(node), $"the {where} needs '{key}'.");

    private static int? Line(YamlNode node) => node.Start.Line > 0 ? (int)node.Start.Line : null;

    private static GateDefinition With(
        GateDefinition d,
        IReadOnlyList<GateCondition>? conditions = null,
        InconclusivePolicy? inconclusive = null,
        int? patchMinimumLines = null,
        FlakySettings? flaky = null,
        BenchmarkSettings? benchmarks = null,
        bool? repeatedCasesAreRetries = null) => new()
        {
            Conditions = conditions ?? d.Conditions,
            Inconclusive = inconclusive ?? d.Inconclusive,
            PatchMinimumLines = patchMinimumLines ?? d.PatchMinimumLines,
            Flaky = flaky ?? d.Flaky,
            Benchmarks = benchmarks ?? d.Benchmarks,
            RepeatedCasesAreRetries = repeatedCasesAreRetries ?? d.RepeatedCasesAreRetries,
        };
}

/// <summary>A gate file that cannot be used: names the file and line and says what to change.</summary>
public sealed class GateDefinitionException(string file, int? line, string message)
    : Exception(line is { } l ? $"{file}:{l}: {message}" : $"{file}: {message}");
