using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>Structural equality of literal tokens and collections, as matrix include/exclude compares values.</summary>
internal static class TokenEquality
{
    public static bool Equal(TemplateToken left, TemplateToken right) => (left, right) switch
    {
        (StringToken a, StringToken b) => string.Equals(a.Value, b.Value, StringComparison.OrdinalIgnoreCase),
        (NumberToken a, NumberToken b) => a.Value.Equals(b.Value),
        (BooleanToken a, BooleanToken b) => a.Value == b.Value,
        (NullToken, NullToken) => true,
        (SequenceToken a, SequenceToken b) => a.Items.Count == b.Items.Count && a.Items.Zip(b.Items).All(p => Equal(p.First, p.Second)),
        (MappingToken a, MappingToken b) => a.Pairs.Count == b.Pairs.Count
            && a.Pairs.All(p => b.Pairs.Any(q => string.Equals(p.Key.Value, q.Key.Value, StringComparison.OrdinalIgnoreCase) && Equal(p.Value, q.Value))),
        _ => false,
    };
}
