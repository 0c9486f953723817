using Sluice.Workflows.Schema;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class TemplateReader
{
    /// <summary>
    /// Step keys of GitHub's background-steps preview, refused unless it is switched on. GitHub's reader leaves
    /// <c>parallel</c> out of this list, though it belongs to the same preview; Sluice refuses it too rather than
    /// read a step that runs nothing.
    /// </summary>
    private static readonly HashSet<string> BackgroundStepKeys = new(StringComparer.Ordinal) { "background", "wait", "wait-all", "cancel", "parallel" };

    private static readonly HashSet<string> BackgroundOnlyStepKeys = new(StringComparer.Ordinal) { "wait", "wait-all", "cancel" };

    private TemplateToken ReadMapping(MappingToken mapping, SchemaDefinition definition, AllowedContext context)
    {
        var candidates = definition.Mappings;
        if (candidates.Count == 0)
        {
            diagnostics.Add(mapping, "A mapping was not expected");
            return mapping;
        }

        var first = candidates[0];
        return candidates.Count > 1 || first.Properties.Count > 0 || first.LooseKeyType is null
            ? ReadKnownProperties(mapping, candidates, context)
            : ReadLooseProperties(mapping, first, context);
    }

    /// <summary>
    /// A mapping with named properties. When several mapping shapes are allowed (a step that runs or uses, a job that
    /// runs or calls), each key keeps the shapes that know it; at the end exactly one must be left.
    /// </summary>
    private MappingToken ReadKnownProperties(MappingToken mapping, IReadOnlyList<MappingDefinition> candidates, AllowedContext context)
    {
        var looseKey = candidates[0].LooseKeyType;
        var looseValue = candidates[0].LooseValueType;
        var copy = new PairCopy(mapping);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hasExpressionKey = false;
        for (var i = 0; i < mapping.Pairs.Count; i++)
        {
            var (key, value) = mapping.Pairs[i];
            if (ReadKey(key, context) is not { } readKey)
            {
                hasExpressionKey = true;
                KeepExpressionKey(ref copy, i, key, value, settings.Schema.Get(TemplateSchema.Any), context);
                continue;
            }

            if (readKey.Value.Length > 0 && !seen.Add(readKey.Value))
            {
                diagnostics.Add(readKey, $"'{readKey.Value}' is already defined");
                copy.Drop(i);
                continue;
            }

            if (MatchProperty(ref candidates, readKey.Value) is { } property)
            {
                if (!settings.AllowBackgroundSteps && BackgroundStepKeys.Contains(readKey.Value))
                {
                    diagnostics.Add(readKey, $"Unexpected value '{readKey.Value}'");
                    copy.Drop(i);
                    continue;
                }

                copy.Keep(i, readKey, ReadValue(value, property.Type, context.Enter(property.Type)));
                continue;
            }

            if (looseKey is not null)
            {
                Validate(new Scalar(readKey, ScalarKind.Literal), looseKey, context.Enter(looseKey));
                copy.Keep(i, readKey, ReadValue(value, looseValue!, context.Enter(looseValue!)));
                continue;
            }

            diagnostics.Add(readKey, $"Unexpected value '{readKey.Value}'");
            copy.Drop(i);
        }

        if (candidates.Count > 1)
        {
            diagnostics.Add(mapping, $"There's not enough info to determine what you meant. Add one of these properties: {string.Join(", ", Distinguishing(candidates))}");
        }
        else if (!hasExpressionKey)
        {
            foreach (var name in candidates[0].PropertyNames)
            {
                if (candidates[0].Properties[name].Required && !seen.Contains(name))
                {
                    diagnostics.Add(mapping, $"Required property is missing: {name}");
                }
            }
        }

        return copy.Result();
    }

    /// <summary>A mapping of free keys (<c>env</c>, <c>with</c>, <c>outputs</c>): each key checked against the key type.</summary>
    private MappingToken ReadLooseProperties(MappingToken mapping, MappingDefinition definition, AllowedContext context)
    {
        var keyType = definition.LooseKeyType!;
        var valueType = definition.LooseValueType!;
        var keyContext = context.Enter(keyType);
        var valueContext = context.Enter(valueType);
        var copy = new PairCopy(mapping);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < mapping.Pairs.Count; i++)
        {
            var (key, value) = mapping.Pairs[i];
            if (ReadKey(key, context) is not { } readKey)
            {
                KeepExpressionKey(ref copy, i, key, value, valueType, valueContext);
                continue;
            }

            if (readKey.Value.Length > 0 && !seen.Add(readKey.Value))
            {
                diagnostics.Add(readKey, $"'{readKey.Value}' is already defined");
                copy.Drop(i);
                continue;
            }

            Validate(new Scalar(readKey, ScalarKind.Literal), keyType, keyContext);
            copy.Keep(i, readKey, ReadValue(value, valueType, valueContext));
        }

        return copy.Result();
    }

    /// <summary>
    /// The key as text, or null when it is an expression (<c>${{ matrix.name }}:</c> or <c>${{ insert }}:</c>), which is
    /// kept as written and evaluated when the job runs.
    /// </summary>
    private StringToken? ReadKey(StringToken key, AllowedContext context)
    {
        var scalar = ParseScalar(key, context);
        return scalar.Kind == ScalarKind.Literal ? (StringToken)scalar.Token : null;
    }

    /// <summary>An expression key and its value where expressions are allowed; an error (and the pair dropped) where they are not.</summary>
    private void KeepExpressionKey(ref PairCopy copy, int index, StringToken key, TemplateToken value, SchemaDefinition valueType, AllowedContext context)
    {
        if (!context.AllowsExpressions)
        {
            diagnostics.Add(key, "A template expression is not allowed in this context");
            copy.Drop(index);
            return;
        }

        copy.Keep(index, key, ReadValue(value, valueType, context.Enter(valueType)));
    }

    /// <summary>The property named <paramref name="name"/> in any candidate; the candidates that lack it are dropped.</summary>
    private static PropertyDefinition? MatchProperty(ref IReadOnlyList<MappingDefinition> candidates, string name)
    {
        PropertyDefinition? found = null;
        var missingSomewhere = false;
        foreach (var candidate in candidates)
        {
            if (candidate.Properties.TryGetValue(name, out var property))
            {
                found = property;
            }
            else
            {
                missingSomewhere = true;
            }
        }

        if (found is not null && missingSomewhere)
        {
            candidates = [.. candidates.Where(c => c.Properties.ContainsKey(name))];
        }

        return found;
    }

    /// <summary>The properties that only one of the remaining shapes has, which would settle the choice.</summary>
    private IEnumerable<string> Distinguishing(IReadOnlyList<MappingDefinition> candidates) =>
        candidates.SelectMany(c => c.PropertyNames)
            .GroupBy(name => name, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .Select(g => g.Key)
            .Where(name => settings.AllowBackgroundSteps || !BackgroundOnlyStepKeys.Contains(name))
            .Order(StringComparer.Ordinal);

    /// <summary>Builds a changed copy of a mapping's pairs only once a pair changes or is dropped.</summary>
    private struct PairCopy(MappingToken mapping)
    {
        private List<KeyValuePair<StringToken, TemplateToken>>? _pairs;

        public void Keep(int index, StringToken key, TemplateToken value)
        {
            var original = mapping.Pairs[index];
            if (_pairs is null && ReferenceEquals(key, original.Key) && ReferenceEquals(value, original.Value))
            {
                return;
            }

            Start(index);
            _pairs!.Add(new(key, value));
        }

        public void Drop(int index) => Start(index);

        public readonly MappingToken Result() =>
            _pairs is null ? mapping : new MappingToken(mapping.Line, mapping.Column, _pairs, mapping.Size);

        private void Start(int index)
        {
            if (_pairs is not null)
            {
                return;
            }

            _pairs = new List<KeyValuePair<StringToken, TemplateToken>>(mapping.Pairs.Count);
            for (var j = 0; j < index; j++)
            {
                _pairs.Add(mapping.Pairs[j]);
            }
        }
    }
}
