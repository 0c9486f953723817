using System.Globalization;

namespace Sluice.Workflows.Tokens;

public abstract class LiteralToken(int line, int column) : TemplateToken(line, column);

public sealed class StringToken(int line, int column, string value) : LiteralToken(line, column)
{
    public string Value { get; } = value;

    public override TokenKind Kind => TokenKind.String;

    public override long Size => MinObjectSize + StringBaseOverhead + (2L * Value.Length);

    public override string Display => Value;
}

public sealed class NumberToken(int line, int column, double value) : LiteralToken(line, column)
{
    public double Value { get; } = value;

    public override TokenKind Kind => TokenKind.Number;

    public override long Size => MinObjectSize;

    public override string Display => Value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed class BooleanToken(int line, int column, bool value) : LiteralToken(line, column)
{
    public bool Value { get; } = value;

    public override TokenKind Kind => TokenKind.Boolean;

    public override long Size => MinObjectSize;

    public override string Display => Value ? "true" : "false";
}

public sealed class NullToken(int line, int column) : LiteralToken(line, column)
{
    public override TokenKind Kind => TokenKind.Null;

    public override long Size => MinObjectSize;

    public override string Display => "";
}
