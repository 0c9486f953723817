using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal static class TokenExtensions
{
    /// <summary>The items of a sequence, or the token itself when a single value stands for a list (<c>needs: build</c>).</summary>
    public static IReadOnlyList<TemplateToken> AsList(this TemplateToken? token) => token switch
    {
        null or NullToken => [],
        SequenceToken sequence => sequence.Items,
        _ => [token],
    };

    public static string? AsString(this TemplateToken? token) => token is LiteralToken literal && token is not NullToken ? literal.Display : null;

    /// <summary>The expressions under a token, in document order.</summary>
    public static IEnumerable<ExpressionToken> Expressions(this TemplateToken? token)
    {
        var stack = new Stack<TemplateToken>();
        if (token is not null)
        {
            stack.Push(token);
        }

        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case ExpressionToken expression:
                    yield return expression;
                    break;
                case SequenceToken sequence:
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                    {
                        stack.Push(sequence.Items[i]);
                    }

                    break;
                case MappingToken mapping:
                    for (var i = mapping.Pairs.Count - 1; i >= 0; i--)
                    {
                        stack.Push(mapping.Pairs[i].Value);
                    }

                    break;
            }
        }
    }
}
