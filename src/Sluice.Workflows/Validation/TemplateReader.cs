using Sluice.Workflows.Schema;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>
/// Checks a document's tokens against a template schema (GitHub's workflow or action schema) the way GitHub's reader
/// does, and returns them with <c>${{ }}</c> text parsed into <see cref="ExpressionToken"/>s. Every problem goes to
/// the diagnostics and reading goes on, so one pass reports them all. Tokens that need no change are returned as
/// they are, so a clean document costs no copies.
/// </summary>
internal sealed partial class TemplateReader(DiagnosticBag diagnostics, TemplateReaderSettings settings)
{
    public TemplateToken Read(TemplateToken token, SchemaDefinition root) => ReadValue(token, root, AllowedContext.None.Enter(root));

    private TemplateToken ReadValue(TemplateToken token, SchemaDefinition definition, AllowedContext context) => token switch
    {
        LiteralToken literal when settings.IsCondition(definition) => ReadCondition(literal, context),
        LiteralToken literal => Validate(ParseScalar(literal, context), definition, context),
        SequenceToken sequence => ReadSequence(sequence, definition, context),
        MappingToken mapping => ReadMapping(mapping, definition, context),
        _ => token,
    };

    private TemplateToken ReadSequence(SequenceToken sequence, SchemaDefinition definition, AllowedContext context)
    {
        if (definition.Sequence is not { } sequenceDefinition)
        {
            diagnostics.Add(sequence, "A sequence was not expected");
            return sequence;
        }

        var itemType = sequenceDefinition.ItemType;
        var itemContext = context.Enter(itemType);

        // A new sequence is made only when an item changed (became an expression, or text).
        TemplateToken[]? items = null;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = ReadValue(sequence.Items[i], itemType, itemContext);
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

    /// <summary>
    /// A scalar against the scalar shapes allowed here. A number, boolean or null where only text is allowed becomes
    /// text (<c>node-version: 20</c>), as GitHub reads it.
    /// </summary>
    private TemplateToken Validate(Scalar scalar, SchemaDefinition definition, AllowedContext context)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Expression:
                if (!context.AllowsExpressions)
                {
                    diagnostics.Add(scalar.Token, "A template expression is not allowed in this context");
                }

                return scalar.Token;
            case ScalarKind.InsertDirective:
                diagnostics.Add(scalar.Token, $"Unexpected value '{InsertDirectiveText}'");
                return scalar.Token;
        }

        var literal = (LiteralToken)scalar.Token;
        var scalars = definition.Scalars;
        foreach (var option in scalars)
        {
            if (Matches(literal, option))
            {
                return literal;
            }
        }

        if (literal is not StringToken)
        {
            var text = new StringToken(literal.Line, literal.Column, literal.Display);
            foreach (var option in scalars)
            {
                if (option is StringDefinition stringOption && stringOption.Accepts(text.Value))
                {
                    return text;
                }
            }
        }

        diagnostics.Add(literal, $"Unexpected value '{literal.Display}'");
        return literal;
    }

    private static bool Matches(LiteralToken literal, ScalarDefinition definition) => (literal, definition) switch
    {
        (StringToken text, StringDefinition option) => option.Accepts(text.Value),
        (BooleanToken, BooleanDefinition) => true,
        (NumberToken, NumberDefinition) => true,
        (NullToken, NullDefinition) => true,
        _ => false,
    };
}
