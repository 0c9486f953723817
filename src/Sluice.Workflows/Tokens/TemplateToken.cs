namespace Sluice.Workflows.Tokens;

/// <summary>
/// A node of a workflow document after YAML is read: scalars already typed by the YAML 1.2 core schema,
/// each carrying the place it came from. Tokens are immutable, so an alias shares the token of its anchor.
/// </summary>
public abstract class TemplateToken(int line, int column)
{
    /// <summary>What GitHub's reader counts for any token against the result size limit (a container, a number, ...).</summary>
    public const int MinObjectSize = 24;

    /// <summary>What GitHub's reader counts for a string on top of two bytes a character.</summary>
    public const int StringBaseOverhead = 26;

    /// <summary>1-based line; 0 when the token was not read from a file.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column; 0 when the token was not read from a file.</summary>
    public int Column { get; } = column;

    public abstract TokenKind Kind { get; }

    /// <summary>Size of the token and everything under it, in bytes, as GitHub counts it for the result size limit.</summary>
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
