using Sluice.Expressions;
using Sluice.Workflows.Schema;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>
/// Checks tokens against the schema and returns them with <c>${{ }}</c> text parsed into <see cref="ExpressionToken"/>s.
/// Every problem goes to the diagnostics and reading goes on, so one pass reports them all.
/// </summary>
internal sealed class SchemaReader(DiagnosticBag diagnostics)
{
    private const string ExpressionStart = "${{";

    public TemplateToken Read(TemplateToken token, Definition definition)
    {
        if (definition is AnyDefinition)
        {
            return ReadAny(token, definition.Scope);
        }

        switch (token)
        {
            case StringToken text:
                return ReadString(text, definition);
            case LiteralToken literal:
                return ValidateLiteral(literal, definition);
            case SequenceToken sequence:
                return ReadSequence(sequence, definition);
            case MappingToken mapping:
                return ReadMapping(mapping, definition);
            default:
                return token;
        }
    }

    private TemplateToken ReadString(StringToken text, Definition definition)
    {
        if (definition.ConditionOption is { } condition)
        {
            return ReadCondition(text, condition.Scope!);
        }

        if (definition.EffectiveScope is { } scope && text.Value.Contains(ExpressionStart, StringComparison.Ordinal))
        {
            if (TemplateString.TryParse(text.Value, scope.ParserOptions, out var template, out var error))
            {
                return new ExpressionToken(text.Line, text.Column, text.Value, template!);
            }

            diagnostics.Add(text, error!.Message);
        }

        return ValidateLiteral(text, definition);
    }

    private TemplateToken ReadCondition(StringToken text, ExpressionScope scope)
    {
        var condition = text.Value.Trim();
        if (condition.Contains(ExpressionStart, StringComparison.Ordinal))
        {
            if (!TemplateString.TryParse(condition, scope.ParserOptions, out var written, out var templateError))
            {
                diagnostics.Add(text, templateError!.Message);
                return text;
            }

            condition = ConditionText(written!);
        }

        if (string.IsNullOrWhiteSpace(condition))
        {
            return text;
        }

        if (!Expression.TryParse(condition, scope.ParserOptions, out _, out var error)
            || !TemplateString.TryParse("${{ " + condition + " }}", scope.ParserOptions, out var template, out error))
        {
            diagnostics.Add(text, error!.Message);
            return text;
        }

        return new ExpressionToken(text.Line, text.Column, condition, template!);
    }

    /// <summary>
    /// A condition wrapped whole in <c>${{ }}</c> is that expression; text mixed with <c>${{ }}</c> becomes
    /// <c>format()</c> over the pieces, as GitHub rewrites it.
    /// </summary>
    private static string ConditionText(TemplateString template)
    {
        var segments = template.Segments.Where(s => !(s.Literal is { } l && l.Trim().Length == 0)).ToList();
        if (segments.Count == 1 && segments[0].Expression is { } single)
        {
            return single.Text.Trim();
        }

        var format = new System.Text.StringBuilder("format('");
        var arguments = new List<string>();
        foreach (var segment in template.Segments)
        {
            if (segment.Expression is { } expression)
            {
                format.Append('{').Append(arguments.Count).Append('}');
                arguments.Add(expression.Text.Trim());
            }
            else
            {
                format.Append(segment.Literal!.Replace("'", "''", StringComparison.Ordinal).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            }
        }

        format.Append('\'');
        foreach (var argument in arguments)
        {
            format.Append(", ").Append(argument);
        }

        return format.Append(')').ToString();
    }

    private TemplateToken ValidateLiteral(LiteralToken literal, Definition definition)
    {
        var options = definition.AsOptions;
        foreach (var option in options)
        {
            if (Matches(literal, option))
            {
                return literal;
            }
        }

        // A number, boolean or null where text is wanted is taken as text, as GitHub does (node-version: 14).
        if (literal is not StringToken && definition.HasStringOption)
        {
            var text = new StringToken(literal.Line, literal.Column, literal.Display);
            foreach (var option in options)
            {
                if (option is StringDefinition && Matches(text, option))
                {
                    return text;
                }
            }
        }

        diagnostics.Add(literal, $"Unexpected value '{literal.Display}'");
        return literal;
    }

    private static bool Matches(LiteralToken literal, Definition definition) => (literal, definition) switch
    {
        (_, AnyDefinition) => true,
        (StringToken s, StringDefinition d) => (d.AllowedValues is null || d.AllowedValues.Contains(s.Value)) && (!d.RequireNonEmpty || s.Value.Length > 0),
        (BooleanToken, BooleanDefinition) => true,
        (NumberToken, NumberDefinition) => true,
        (NullToken, NullDefinition) => true,
        _ => false,
    };

    private TemplateToken ReadSequence(SequenceToken sequence, Definition definition)
    {
        var sequenceDefinition = definition.SequenceOption;
        if (sequenceDefinition is null)
        {
            diagnostics.Add(sequence, "A sequence was not expected");
            return sequence;
        }

        // Most values come back unchanged; a new sequence is made only when an item became an expression.
        TemplateToken[]? items = null;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = Read(sequence.Items[i], sequenceDefinition.Item);
            if (items is null && !ReferenceEquals(item, sequence.Items[i]))
            {
                items = new TemplateToken[sequence.Items.Count];
                for (var j = 0; j < i; j++)
                {
                    items[j] = sequence.Items[j];
                }
            }

            if (items is not null)
            {
                items[i] = item;
            }
        }

        return items is null ? sequence : new SequenceToken(sequence.Line, sequence.Column, items, sequence.Size);
    }

    private TemplateToken ReadMapping(MappingToken mapping, Definition definition)
    {
        IReadOnlyList<MappingDefinition> candidates = definition.MappingOptions;
        if (candidates.Count == 0)
        {
            diagnostics.Add(mapping, "A mapping was not expected");
            return mapping;
        }

        var pairCount = mapping.Pairs.Count;
        var seen = new HashSet<string>(pairCount, StringComparer.OrdinalIgnoreCase);
        var dropped = pairCount <= 64 ? stackalloc bool[pairCount] : new bool[pairCount];
        var anyDropped = false;
        for (var i = 0; i < pairCount; i++)
        {
            var keyToken = mapping.Pairs[i].Key;
            var key = keyToken.Value;
            if (!seen.Add(key))
            {
                diagnostics.Add(keyToken, $"'{key}' is already defined");
                dropped[i] = anyDropped = true;
            }
            else if (candidates.Count == 1 ? !candidates[0].Accepts(key) : !Narrow(ref candidates, key))
            {
                diagnostics.Add(keyToken, $"Unexpected value '{key}'");
                dropped[i] = anyDropped = true;
            }
        }

        var chosen = candidates[0];
        if (candidates.Count > 1)
        {
            foreach (var candidate in candidates)
            {
                if (Array.TrueForAll(candidate.RequiredProperties, seen.Contains))
                {
                    chosen = candidate;
                    break;
                }
            }
        }

        // A new mapping is made only when a value changed (became an expression) or a pair was dropped.
        List<KeyValuePair<StringToken, TemplateToken>>? pairs = anyDropped ? new(pairCount) : null;
        for (var i = 0; i < pairCount; i++)
        {
            if (dropped[i])
            {
                continue;
            }

            var (key, value) = mapping.Pairs[i];
            Definition valueDefinition;
            if (chosen.Properties.TryGetValue(key.Value, out var property))
            {
                valueDefinition = property.Type;
            }
            else
            {
                if (chosen.LooseKey is StringDefinition looseKey && !Matches(key, looseKey))
                {
                    diagnostics.Add(key, $"Unexpected value '{key.Value}'");
                }

                valueDefinition = chosen.LooseValue!;
            }

            var read = Read(value, valueDefinition);
            if (pairs is null && !ReferenceEquals(read, value))
            {
                pairs = new(pairCount);
                for (var j = 0; j < i; j++)
                {
                    pairs.Add(mapping.Pairs[j]);
                }
            }

            pairs?.Add(new(key, read));
        }

        foreach (var name in chosen.RequiredProperties)
        {
            if (!seen.Contains(name) || mapping.Get(name) is null)
            {
                diagnostics.Add(mapping, $"Required property is missing: {name}");
            }
        }

        return pairs is null ? mapping : new MappingToken(mapping.Line, mapping.Column, pairs, mapping.Size);
    }

    /// <summary>Matrix values and other free-form data: any shape, with expressions wherever text is.</summary>
    private TemplateToken ReadAny(TemplateToken token, ExpressionScope? scope)
    {
        switch (token)
        {
            case StringToken text when scope is not null && text.Value.Contains(ExpressionStart, StringComparison.Ordinal):
                if (TemplateString.TryParse(text.Value, scope.ParserOptions, out var template, out var error))
                {
                    return new ExpressionToken(text.Line, text.Column, text.Value, template!);
                }

                diagnostics.Add(text, error!.Message);
                return text;
            case SequenceToken sequence:
                return new SequenceToken(sequence.Line, sequence.Column, [.. sequence.Items.Select(i => ReadAny(i, scope))], sequence.Size);
            case MappingToken mapping:
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var pairs = new List<KeyValuePair<StringToken, TemplateToken>>(mapping.Pairs.Count);
                foreach (var (key, value) in mapping.Pairs)
                {
                    if (!seen.Add(key.Value))
                    {
                        diagnostics.Add(key, $"'{key.Value}' is already defined");
                        continue;
                    }

                    pairs.Add(new(key, ReadAny(value, scope)));
                }

                return new MappingToken(mapping.Line, mapping.Column, pairs, mapping.Size);
            default:
                return token;
        }
    }

    /// <summary>Keeps the candidate shapes that know <paramref name="key"/>; false (and no change) when none does.</summary>
    private static bool Narrow(ref IReadOnlyList<MappingDefinition> candidates, string key)
    {
        var count = 0;
        foreach (var candidate in candidates)
        {
            count += candidate.Accepts(key) ? 1 : 0;
        }

        if (count == 0)
        {
            return false;
        }

        if (count < candidates.Count)
        {
            var kept = new MappingDefinition[count];
            var i = 0;
            foreach (var candidate in candidates)
            {
                if (candidate.Accepts(key))
                {
                    kept[i++] = candidate;
                }
            }

            candidates = kept;
        }

        return true;
    }
}
