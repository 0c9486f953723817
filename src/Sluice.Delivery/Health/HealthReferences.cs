using System.Text.RegularExpressions;

namespace Sluice.Delivery.Health;

/// <summary>A query or probe a condition reads: <c>queries.error_rate</c>, <c>probes.home.ok</c> or <c>probes['home'].status</c>.</summary>
internal sealed record HealthReference(bool IsQuery, string Name, string? Property)
{
    public string Path => IsQuery ? $"queries.{Name}" : Property is null ? $"probes.{Name}" : $"probes.{Name}.{Property}";
}

internal static partial class HealthReferences
{
    public const string QueriesName = "queries";
    public const string ProbesName = "probes";

    /// <summary>The queries and probes an expression reads (outside its string literals), and whether it reads <c>queries</c> or <c>probes</c> whole.</summary>
    public static (IReadOnlyList<HealthReference> References, bool ReadsWhole) Find(string expression)
    {
        var literals = StringLiteral().Matches(expression).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        bool InLiteral(int index) => literals.Any(l => index >= l.Index && index < l.End);

        var references = new List<HealthReference>();
        var starts = new HashSet<int>();
        foreach (Match match in Reference().Matches(expression))
        {
            if (InLiteral(match.Index))
            {
                continue;
            }

            starts.Add(match.Index);
            var isQuery = match.Groups["group"].Value.Equals(QueriesName, StringComparison.OrdinalIgnoreCase);
            var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["qname"].Value.Replace("''", "'", StringComparison.Ordinal);
            string? property = match.Groups["prop"].Success ? match.Groups["prop"].Value
                : match.Groups["qprop"].Success ? match.Groups["qprop"].Value.Replace("''", "'", StringComparison.Ordinal)
                : null;
            var reference = new HealthReference(isQuery, name, isQuery ? null : property);
            if (!references.Contains(reference))
            {
                references.Add(reference);
            }
        }

        var readsWhole = Group().Matches(expression).Any(m => !InLiteral(m.Index) && !starts.Contains(m.Index));
        return (references, readsWhole);
    }

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(
        @"(?<![\w.-])(?<group>queries|probes)(?:\s*\.\s*(?<name>[A-Za-z_][\w-]*)|\s*\[\s*'(?<qname>(?:[^']|'')*)'\s*\])(?:\s*\.\s*(?<prop>[A-Za-z_][\w-]*)|\s*\[\s*'(?<qprop>(?:[^']|'')*)'\s*\])?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?<![\w.-])(?:queries|probes)(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Group();
}
