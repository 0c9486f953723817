namespace Sluice.Expressions;

/// <summary>
/// Splits an expression into tokens on demand. Whether '.' starts a number or dereferences, and whether
/// a word is a property, function or named value, depends on the token before it, as in GitHub's lexer.
/// </summary>
internal struct Lexer
{
    private readonly string _text;
    private int _position;
    private TokenKind _last;

    public Lexer(string text)
    {
        _text = text;
        _position = 0;
        _last = TokenKind.None;
    }

    public Token Next()
    {
        var token = Read();
        _last = token.Kind;
        return token;
    }

    private Token Read()
    {
        var text = _text;
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }

        if (_position >= text.Length)
        {
            return new Token(TokenKind.End, text.Length, 0);
        }

        var start = _position;
        var c = text[start];
        switch (c)
        {
            case '(':
                return Single(TokenKind.OpenParen);
            case ')':
                return Single(TokenKind.CloseParen);
            case '[':
                return Single(TokenKind.StartIndex);
            case ']':
                return Single(TokenKind.EndIndex);
            case ',':
                return Single(TokenKind.Separator);
            case '*':
                return Single(TokenKind.Wildcard);
            case '.':
                return NumberMayFollow(_last) ? ReadNumber() : Single(TokenKind.Dereference);
            case '!':
                return PeekIs(start + 1, '=') ? Double(TokenKind.NotEqual) : Single(TokenKind.Not);
            case '<':
                return PeekIs(start + 1, '=') ? Double(TokenKind.LessThanOrEqual) : Single(TokenKind.LessThan);
            case '>':
                return PeekIs(start + 1, '=') ? Double(TokenKind.GreaterThanOrEqual) : Single(TokenKind.GreaterThan);
            case '=':
                return PeekIs(start + 1, '=') ? Double(TokenKind.Equal) : ReadKeyword();
            case '&':
                return PeekIs(start + 1, '&') ? Double(TokenKind.And) : ReadKeyword();
            case '|':
                return PeekIs(start + 1, '|') ? Double(TokenKind.Or) : ReadKeyword();
            case '\'':
                return ReadString();
            case '-' or '+':
                return ReadNumber();
            default:
                return c is >= '0' and <= '9' ? ReadNumber() : ReadKeyword();
        }
    }

    private static bool NumberMayFollow(TokenKind last) =>
        last is TokenKind.None or TokenKind.Separator or TokenKind.OpenParen or TokenKind.StartIndex
            or (>= TokenKind.Not and <= TokenKind.GreaterThanOrEqual);

    private static bool IsBoundary(char c) => c switch
    {
        '(' or '[' or ')' or ']' or ',' or '.' or '!' or '>' or '<' or '=' or '&' or '|' => true,
        _ => char.IsWhiteSpace(c),
    };

    private readonly bool PeekIs(int index, char c) => index < _text.Length && _text[index] == c;

    private Token Single(TokenKind kind) => new(kind, _position++, 1);

    private Token Double(TokenKind kind)
    {
        var start = _position;
        _position += 2;
        return new Token(kind, start, 2);
    }

    private Token ReadNumber()
    {
        var text = _text;
        var start = _position;
        var end = start + 1;
        while (end < text.Length && (text[end] == '.' || !IsBoundary(text[end])))
        {
            end++;
        }

        _position = end;
        return NumberFormatting.TryParseLiteral(text.AsSpan(start, end - start), out var value)
            ? new Token(TokenKind.Number, start, end - start, value)
            : new Token(TokenKind.Unexpected, start, end - start);
    }

    private Token ReadString()
    {
        var text = _text;
        var start = _position;
        var i = start + 1;
        System.Text.StringBuilder? builder = null;
        var segmentStart = i;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    builder ??= new System.Text.StringBuilder();
                    builder.Append(text, segmentStart, i + 1 - segmentStart);
                    i += 2;
                    segmentStart = i;
                    continue;
                }

                string value;
                if (builder is null)
                {
                    value = text.Substring(segmentStart, i - segmentStart);
                }
                else
                {
                    builder.Append(text, segmentStart, i - segmentStart);
                    value = builder.ToString();
                }

                _position = i + 1;
                return new Token(TokenKind.String, start, i + 1 - start, Text: value);
            }

            i++;
        }

        _position = text.Length;
        return new Token(TokenKind.Unexpected, start, text.Length - start);
    }

    private Token ReadKeyword()
    {
        var text = _text;
        var start = _position;
        var end = start + 1;
        while (end < text.Length && !IsBoundary(text[end]))
        {
            end++;
        }

        _position = end;
        var length = end - start;
        var word = text.AsSpan(start, length);
        if (_last == TokenKind.Dereference)
        {
            return IsLegalIdentifier(word)
                ? new Token(TokenKind.PropertyName, start, length, Text: word.ToString())
                : new Token(TokenKind.Unexpected, start, length);
        }

        if (word.SequenceEqual("true"))
        {
            return new Token(TokenKind.True, start, length);
        }

        if (word.SequenceEqual("false"))
        {
            return new Token(TokenKind.False, start, length);
        }

        if (word.SequenceEqual("null"))
        {
            return new Token(TokenKind.Null, start, length);
        }

        if (word.SequenceEqual("NaN"))
        {
            return new Token(TokenKind.Number, start, length, double.NaN);
        }

        if (word.SequenceEqual("Infinity"))
        {
            return new Token(TokenKind.Number, start, length, double.PositiveInfinity);
        }

        if (!IsLegalIdentifier(word))
        {
            return new Token(TokenKind.Unexpected, start, length);
        }

        var next = end;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        var kind = next < text.Length && text[next] == '(' ? TokenKind.Function : TokenKind.NamedValue;
        return new Token(kind, start, length, Text: word.ToString());
    }

    private static bool IsLegalIdentifier(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || !(char.IsLetter(word[0]) || word[0] == '_'))
        {
            return false;
        }

        foreach (var c in word[1..])
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
