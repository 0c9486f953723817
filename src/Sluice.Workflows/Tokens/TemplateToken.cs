namespace Sluice.Workflows.Tokens;

/// <summary>
/// A node of a workflow document after YAML is read: scalars already typed by the YAML 1.2 core schema,
/// each carrying the place it came from. Tokens are immutable, so an alias shares the token of its anchor.
/// </summary>
public abstract class TemplateToken(int line, int column)
{
    /// <summary>1-based line; 0 when the token was not read from a file.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column; 0 when the token was not read from a file.</summary>
    public int Column { get; } = column;

    public abstract TokenKind Kind { get; }

    /// <summary>Approximate size of the token and everything under it, in bytes; used for the result size limit.</summary>
    public abstract long Size { get; }

    /// <summary>The token as a person would see it in an error message.</summary>
    public abstract string Display { get; }
}

public enum TokenKind
{
    String,
    Number,
    Boolean,
    Null,
    Sequence,
    Mapping,
    Expression,
}
