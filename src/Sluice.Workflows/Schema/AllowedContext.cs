using System.Collections.Concurrent;
using Sluice.Expressions;

namespace Sluice.Workflows.Schema;

/// <summary>
/// The context names and functions an expression may use at one place of a document: those of every definition on
/// the way down from the root, in order, each name once (as GitHub's reader gathers them). Immutable and shared;
/// the step down into a definition is computed once per pair.
/// </summary>
internal sealed class AllowedContext
{
    private readonly ConcurrentDictionary<SchemaDefinition, AllowedContext> _children = new(ReferenceEqualityComparer.Instance);

    private AllowedContext(IReadOnlyList<string> entries)
    {
        Entries = entries;
        var names = new List<string>();
        var functions = new List<ContextFunction>();
        foreach (var entry in entries)
        {
            if (ContextFunction.TryParse(entry, out var function))
            {
                functions.Add(function);
            }
            else
            {
                names.Add(entry);
            }
        }

        NamedValues = names;
        Functions = functions;
        ParserOptions = new ExpressionParserOptions { NamedValues = names, ContextFunctions = functions };
    }

    /// <summary>Where no definition has said anything: no expression is allowed.</summary>
    public static AllowedContext None { get; } = new([]);

    /// <summary>The context list, names and functions as the schema writes them.</summary>
    public IReadOnlyList<string> Entries { get; }

    public IReadOnlyList<string> NamedValues { get; }

    public IReadOnlyList<ContextFunction> Functions { get; }

    /// <summary>Whether expressions are allowed here at all.</summary>
    public bool AllowsExpressions => Entries.Count > 0;

    public ExpressionParserOptions ParserOptions { get; }

    /// <summary>The context under <paramref name="definition"/>: this one, with the definition's own entries added.</summary>
    public AllowedContext Enter(SchemaDefinition definition) =>
        definition.Context.Count == 0 ? this : _children.GetOrAdd(definition, static (d, parent) => parent.Extend(d.Context), this);

    public bool Allows(string namedValue) => NamedValues.Contains(namedValue, StringComparer.OrdinalIgnoreCase);

    private AllowedContext Extend(IReadOnlyList<string> added)
    {
        var seen = new HashSet<string>(Entries, StringComparer.OrdinalIgnoreCase);
        var entries = new List<string>(Entries);
        foreach (var entry in added)
        {
            if (seen.Add(entry))
            {
                entries.Add(entry);
            }
        }

        return new AllowedContext(entries);
    }
}
