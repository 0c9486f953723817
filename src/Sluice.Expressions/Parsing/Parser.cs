using System.Runtime.CompilerServices;

namespace Sluice.Expressions;

/// <summary>
/// Recursive-descent parser. Precedence, loosest first: ||, &amp;&amp;, == !=, &lt; &lt;= &gt; &gt;=, !, then . [ ] and calls.
/// Recursion is bounded: nesting beyond the depth limit fails before the stack can run out.
/// </summary>
internal sealed class Parser
{
    // Parentheses add nesting without adding tree depth; this bounds them so the recursion stays shallow.
    private const int MaxGroupNesting = 256;

    private readonly string _text;
    private readonly ExpressionParserOptions _options;
    private readonly HashSet<string> _namedValuesUsed = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _functionsUsed = new(StringComparer.OrdinalIgnoreCase);
    private Lexer _lexer;
    private Token _current;
    private Token _previous;
    private int _nesting;
    private int _callNesting;

    private Parser(string text, ExpressionParserOptions options)
    {
        _text = text;
        _options = options;
        _lexer = new Lexer(text);
    }

    public static bool TryParse(string text, ExpressionParserOptions options, out ParsedExpression? parsed, out ExpressionError? error)
    {
        parsed = null;
        if (text.Length > options.MaxLength)
        {
            error = ParseErrors.ExceededMaxLength(options.MaxLength);
            return false;
        }

        var parser = new Parser(text, options);
        try
        {
            var root = parser.ParseRoot();
            parsed = new ParsedExpression(root, parser._namedValuesUsed, parser._functionsUsed);
            error = null;
            return true;
        }
        catch (ParseFailure failure)
        {
            error = failure.Error;
            return false;
        }
    }

    private Node ParseRoot()
    {
        Advance();
        if (_current.Kind == TokenKind.End)
        {
            return new LiteralNode(ExpressionValue.Null);
        }

        var root = ParseOr();
        if (_current.Kind != TokenKind.End)
        {
            throw Fail(ParseErrors.UnexpectedSymbol(_text, _current));
        }

        return root;
    }

    private void Advance()
    {
        _previous = _current;
        _current = _lexer.Next();
    }

    private Node ParseOr()
    {
        var first = ParseAnd();
        if (_current.Kind != TokenKind.Or)
        {
            return first;
        }

        var operands = new List<Node> { first };
        while (_current.Kind == TokenKind.Or)
        {
            Advance();
            operands.Add(ParseAnd());
        }

        return Checked(new OrNode([.. operands]));
    }

    private Node ParseAnd()
    {
        var first = ParseEquality();
        if (_current.Kind != TokenKind.And)
        {
            return first;
        }

        var operands = new List<Node> { first };
        while (_current.Kind == TokenKind.And)
        {
            Advance();
            operands.Add(ParseEquality());
        }

        return Checked(new AndNode([.. operands]));
    }

    private Node ParseEquality()
    {
        var left = ParseComparison();
        while (_current.Kind is TokenKind.Equal or TokenKind.NotEqual)
        {
            var op = _current.Kind;
            Advance();
            left = Checked(new ComparisonNode(op, left, ParseComparison()));
        }

        return left;
    }

    private Node ParseComparison()
    {
        var left = ParseUnary();
        while (_current.Kind is TokenKind.LessThan or TokenKind.LessThanOrEqual or TokenKind.GreaterThan or TokenKind.GreaterThanOrEqual)
        {
            var op = _current.Kind;
            Advance();
            left = Checked(new ComparisonNode(op, left, ParseUnary()));
        }

        return left;
    }

    private Node ParseUnary()
    {
        // Counted, not recursed: a long run of '!' cannot exhaust the stack.
        var nots = 0;
        while (_current.Kind == TokenKind.Not)
        {
            nots++;
            Advance();
            if (nots > _options.MaxDepth)
            {
                throw Fail(ParseErrors.ExceededMaxDepth(_options.MaxDepth));
            }
        }

        var operand = ParsePostfix();
        for (var i = 0; i < nots; i++)
        {
            operand = Checked(new NotNode(operand));
        }

        return operand;
    }

    private Node ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            if (_current.Kind == TokenKind.Dereference)
            {
                Advance();
                if (_current.Kind == TokenKind.PropertyName)
                {
                    node = Checked(new PropertyNode(node, _current.Text!));
                }
                else if (_current.Kind == TokenKind.Wildcard)
                {
                    node = Checked(new WildcardNode(node));
                }
                else
                {
                    throw UnexpectedCurrent();
                }

                Advance();
            }
            else if (_current.Kind == TokenKind.StartIndex)
            {
                Advance();
                if (_current.Kind == TokenKind.Wildcard)
                {
                    Advance();
                    Expect(TokenKind.EndIndex);
                    node = Checked(new WildcardNode(node));
                    continue;
                }

                Enter(countsAsDepth: true);
                var index = ParseOr();
                Leave(countsAsDepth: true);
                Expect(TokenKind.EndIndex);
                node = Checked(new IndexNode(node, index));
            }
            else
            {
                return node;
            }
        }
    }

    private Node ParsePrimary()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Null:
                Advance();
                return new LiteralNode(ExpressionValue.Null);
            case TokenKind.True:
                Advance();
                return new LiteralNode(ExpressionValue.True);
            case TokenKind.False:
                Advance();
                return new LiteralNode(ExpressionValue.False);
            case TokenKind.Number:
                Advance();
                return new LiteralNode(new NumberValue(token.Number));
            case TokenKind.String:
                Advance();
                return new LiteralNode(ExpressionValue.FromString(token.Text!));
            case TokenKind.NamedValue:
                return ParseNamedValue(token);
            case TokenKind.Function:
                return ParseFunction(token);
            case TokenKind.OpenParen:
                Advance();
                Enter(countsAsDepth: false);
                var inner = ParseOr();
                Leave(countsAsDepth: false);
                Expect(TokenKind.CloseParen);
                return inner;
            default:
                throw UnexpectedCurrent();
        }
    }

    private NamedValueNode ParseNamedValue(Token token)
    {
        var name = token.Text!;
        if (_options.NamedValues is { } allowed && !ContainsIgnoreCase(allowed, name))
        {
            throw Fail(ParseErrors.UnrecognizedNamedValue(_text, token));
        }

        _namedValuesUsed.Add(name);
        Advance();
        return new NamedValueNode(name);
    }

    private Node ParseFunction(Token token)
    {
        var name = token.Text!;
        if (!FunctionInfo.TryGet(name, out var function) || !IsAllowedHere(function, out var minArgs, out var maxArgs))
        {
            throw Fail(ParseErrors.UnrecognizedFunction(_text, token));
        }

        Advance();
        Expect(TokenKind.OpenParen);
        Enter(countsAsDepth: true);
        var args = new List<Node>();
        if (_current.Kind != TokenKind.CloseParen)
        {
            args.Add(ParseOr());
            while (_current.Kind == TokenKind.Separator)
            {
                Advance();
                args.Add(ParseOr());
            }
        }

        Leave(countsAsDepth: true);
        Expect(TokenKind.CloseParen);

        if (args.Count < minArgs)
        {
            throw Fail(ParseErrors.TooFewParameters(_text, token));
        }

        if (args.Count > maxArgs)
        {
            throw Fail(ParseErrors.TooManyParameters(_text, token));
        }

        if (function.Id == FunctionId.Case && args.Count % 2 == 0)
        {
            throw Fail(ParseErrors.EvenParameters(_text, token));
        }

        _functionsUsed.Add(function.Name);
        return Checked(new FunctionNode(function, [.. args]));
    }

    // Every call or index level adds a tree level, so more of them than MaxDepth is already too deep.
    private void Enter(bool countsAsDepth)
    {
        _nesting++;
        if (countsAsDepth)
        {
            _callNesting++;
        }

        if (_nesting > MaxGroupNesting
            || _callNesting > _options.MaxDepth
            || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Fail(ParseErrors.ExceededMaxDepth(_options.MaxDepth));
        }
    }

    private void Leave(bool countsAsDepth)
    {
        _nesting--;
        if (countsAsDepth)
        {
            _callNesting--;
        }
    }

    private void Expect(TokenKind kind)
    {
        if (_current.Kind != kind)
        {
            throw UnexpectedCurrent();
        }

        Advance();
    }

    private Node Checked(Node node)
    {
        if (node.Depth > _options.MaxDepth)
        {
            throw Fail(ParseErrors.ExceededMaxDepth(_options.MaxDepth));
        }

        return node;
    }

    private ParseFailure UnexpectedCurrent() =>
        _current.Kind == TokenKind.End
            ? Fail(ParseErrors.UnexpectedEnd(_text, _previous))
            : Fail(ParseErrors.UnexpectedSymbol(_text, _current));

    private static ParseFailure Fail(ExpressionError error) => new(error);

    /// <summary>Whether the options allow the function, and with how many arguments.</summary>
    private bool IsAllowedHere(FunctionInfo function, out int minArgs, out int maxArgs)
    {
        (minArgs, maxArgs) = (function.MinArgs, function.MaxArgs);
        if (!function.IsContextDependent)
        {
            return true;
        }

        if (_options.ContextFunctions is { } contextFunctions)
        {
            foreach (var allowed in contextFunctions)
            {
                if (string.Equals(allowed.Name, function.Name, StringComparison.OrdinalIgnoreCase))
                {
                    (minArgs, maxArgs) = (allowed.MinArgs, allowed.MaxArgs);
                    return true;
                }
            }

            return false;
        }

        return _options.Functions is not { } names || ContainsIgnoreCase(names, function.Name);
    }

    private static bool ContainsIgnoreCase(IReadOnlyCollection<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
