namespace Sluice.Workflows.Tokens;

public sealed class SequenceToken(int line, int column, IReadOnlyList<TemplateToken> items, long size) : TemplateToken(line, column)
{
    public IReadOnlyList<TemplateToken> Items { get; } = items;

    public override TokenKind Kind => TokenKind.Sequence;

    public override long Size { get; } = size;

    public override string Display => "sequence";
}

/// <summary>A mapping whose keys are string tokens, in document order.</summary>
public sealed class MappingToken(int line, int column, IReadOnlyList<KeyValuePair<StringToken, TemplateToken>> pairs, long size) : TemplateToken(line, column)
{
    public IReadOnlyList<KeyValuePair<StringToken, TemplateToken>> Pairs { get; } = pairs;

    public override TokenKind Kind => TokenKind.Mapping;

    public override long Size { get; } = size;

    public override string Display => "mapping";

    /// <summary>The value of the first pair whose key equals <paramref name="key"/> (ordinal), or null.</summary>
    public TemplateToken? Get(string key)
    {
        foreach (var pair in Pairs)
        {
            if (string.Equals(pair.Key.Value, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
