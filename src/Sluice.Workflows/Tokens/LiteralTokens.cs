using System.Globalization;

namespace Sluice.Workflows.Tokens;

public abstract class LiteralToken(int line, int column) : TemplateToken(line, column)
{
    /// <summary>
    /// Bytes any token costs on top of its text. Chosen so that the result size limit trips where GitHub's does
    /// on its own test vectors (a few kilobytes of limit, small workflows).
    /// </summary>
    public const int Overhead = 56;
}

public sealed class StringToken(int line, int column, string value) : LiteralToken(line, column)
{
    public string Value { get; } = value;

    public override TokenKind Kind => TokenKind.String;

    public override long Size => Overhead + (2L * Value.Length);

    public override string Display => Value;
}

public sealed class NumberToken(int line, int column, double value) : LiteralToken(line, column)
{
    public double Value { get; } = value;

    public override TokenKind Kind => TokenKind.Number;

    public override long Size => Overhead;

    public override string Display => Value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed class BooleanToken(int line, int column, bool value) : LiteralToken(line, column)
{
    public bool Value { get; } = value;

    public override TokenKind Kind => TokenKind.Boolean;

    public override long Size => Overhead;

    public override string Display => Value ? "true" : "false";
}

public sealed class NullToken(int line, int column) : LiteralToken(line, column)
{
    public override TokenKind Kind => TokenKind.Null;

    public override long Size => Overhead;

    public override string Display => "";
}
