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
        if (FindCondition(definition) is { } condition)
        {
            return ReadCondition(text, condition.Scope!);
        }

        if (ScopeOf(definition) is { } scope && text.Value.Contains(ExpressionStart, StringComparison.Ordinal))
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
        var options = Options(definition);
        foreach (var option in options)
        {
            if (Matches(literal, option))
            {
                return literal;
            }
        }

        // A number, boolean or null where text is wanted is taken as text, as GitHub does (node-version: 14).
        if (literal is not StringToken && options.Any(o => o is StringDefinition))
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
        var sequenceDefinition = Options(definition).OfType<SequenceDefinition>().FirstOrDefault();
        if (sequenceDefinition is null)
        {
            diagnostics.Add(sequence, "A sequence was not expected");
            return sequence;
        }

        var items = new TemplateToken[sequence.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Read(sequence.Items[i], sequenceDefinition.Item);
        }

        return new SequenceToken(sequence.Line, sequence.Column, items, sequence.Size);
    }

    private TemplateToken ReadMapping(MappingToken mapping, Definition definition)
    {
        var candidates = Options(definition).OfType<MappingDefinition>().ToList();
        if (candidates.Count == 0)
        {
            diagnostics.Add(mapping, "A mapping was not expected");
            return mapping;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var accepted = new List<KeyValuePair<StringToken, TemplateToken>>(mapping.Pairs.Count);
        foreach (var pair in mapping.Pairs)
        {
            var key = pair.Key.Value;
            if (!seen.Add(key))
            {
                diagnostics.Add(pair.Key, $"'{key}' is already defined");
                continue;
            }

            var narrowed = candidates.FindAll(c => c.Accepts(key));
            if (narrowed.Count == 0)
            {
                diagnostics.Add(pair.Key, $"Unexpected value '{key}'");
                continue;
            }

            candidates = narrowed;
            accepted.Add(pair);
        }

        var chosen = candidates.Find(c => c.Properties.All(p => !p.Value.Required || seen.Contains(p.Key))) ?? candidates[0];
        var pairs = new List<KeyValuePair<StringToken, TemplateToken>>(accepted.Count);
        foreach (var (key, value) in accepted)
        {
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

            pairs.Add(new(key, Read(value, valueDefinition)));
        }

        foreach (var (name, property) in chosen.Properties)
        {
            if (property.Required && mapping.Get(name) is null)
            {
                diagnostics.Add(mapping, $"Required property is missing: {name}");
            }
        }

        return new MappingToken(mapping.Line, mapping.Column, pairs, mapping.Size);
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

    private static IReadOnlyList<Definition> Options(Definition definition) =>
        definition is OneOfDefinition oneOf ? oneOf.Options : [definition];

    private static ExpressionScope? ScopeOf(Definition definition) =>
        definition.Scope ?? (definition as OneOfDefinition)?.Options.Select(o => o.Scope).FirstOrDefault(s => s is not null);

    private static StringDefinition? FindCondition(Definition definition) =>
        Options(definition).OfType<StringDefinition>().FirstOrDefault(s => s.IsCondition);
}
