using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sluice.Delivery.Health;

/// <summary>
/// A small YAML tree read from the parser's events, so that hostile input is refused while it is read: no anchors or
/// aliases (so no alias bombs), bounded nesting and node count, and duplicate keys named with their line.
/// </summary>
internal abstract record HealthYaml(int Line)
{
    private const int MaxDepth = 16;
    private const int MaxNodes = 20_000;

    internal sealed record Scalar(string Value, bool IsPlain, int Line) : HealthYaml(Line)
    {
        public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
    }

    internal sealed record Map(IReadOnlyList<KeyValuePair<Scalar, HealthYaml>> Entries, int Line) : HealthYaml(Line);

    internal sealed record Sequence(IReadOnlyList<HealthYaml> Items, int Line) : HealthYaml(Line);

    /// <summary>Reads the one document of <paramref name="text"/>; null for an empty text; throws <see cref="HealthYamlException"/>.</summary>
    public static HealthYaml? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var nodes = 0;
        HealthYaml? document = null;
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                var start = parser.Consume<DocumentStart>();
                if (document is not null)
                {
                    throw new HealthYamlException(LineOf(start.Start), "the file holds more than one YAML document; keep one.");
                }

                document = parser.Accept<DocumentEnd>(out _) ? null : Node(parser, 0, ref nodes);
                parser.Consume<DocumentEnd>();
            }
        }
        catch (YamlException ex) when (ex is not HealthYamlException)
        {
            throw new HealthYamlException(LineOf(ex.Start), $"not valid YAML: {ex.Message}");
        }

        return document;
    }

    private static HealthYaml Node(IParser parser, int depth, ref int nodes)
    {
        if (++nodes > MaxNodes)
        {
            throw new HealthYamlException(LineOf(parser.Current!.Start), $"the file has more than {MaxNodes} values; an environments file is far smaller.");
        }

        if (depth > MaxDepth)
        {
            throw new HealthYamlException(LineOf(parser.Current!.Start), $"values are nested more than {MaxDepth} deep; an environments file needs a few levels.");
        }

        var current = parser.Current!;
        if (current is AnchorAlias || current is NodeEvent { Anchor.IsEmpty: false })
        {
            throw new HealthYamlException(LineOf(current.Start), "anchors and aliases (& and *) are not allowed in an environments file; write the values out.");
        }

        if (current is NodeEvent { Tag.IsEmpty: false } tagged)
        {
            throw new HealthYamlException(LineOf(current.Start), $"YAML tags ({tagged.Tag.Value}) are not used in an environments file; quote a value that starts with '!', such as \"!probes.home.ok\".");
        }

        switch (current)
        {
            case YamlDotNet.Core.Events.Scalar scalar:
                parser.MoveNext();
                return new Scalar(scalar.Value, scalar.Style == ScalarStyle.Plain, LineOf(scalar.Start));
            case SequenceStart sequenceStart:
            {
                parser.MoveNext();
                var items = new List<HealthYaml>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(Node(parser, depth + 1, ref nodes));
                }

                return new Sequence(items, LineOf(sequenceStart.Start));
            }

            case MappingStart mappingStart:
            {
                parser.MoveNext();
                var entries = new List<KeyValuePair<Scalar, HealthYaml>>();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (Node(parser, depth + 1, ref nodes) is not Scalar key)
                    {
                        throw new HealthYamlException(LineOf(mappingStart.Start), "a key here is a mapping or a list; keys are plain names.");
                    }

                    if (!seen.TryAdd(key.Value, key.Line))
                    {
                        throw new HealthYamlException(key.Line, $"the key '{key.Value}' appears twice (first on line {seen[key.Value]}); keep one.");
                    }

                    entries.Add(new(key, Node(parser, depth + 1, ref nodes)));
                }

                return new Map(entries, LineOf(mappingStart.Start));
            }

            default:
                throw new HealthYamlException(LineOf(current.Start), $"unexpected YAML ({current.GetType().Name}).");
        }
    }

    private static int LineOf(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);
}

/// <summary>YAML the environments reader refuses, with the line it is on.</summary>
internal sealed class HealthYamlException(int line, string message) : YamlException(message)
{
    public int LineNumber { get; } = line;
}
