namespace Sluice.Expressions;

public sealed class ExpressionParserOptions
{
    /// <summary>Context names the expression may use (case-insensitive); null allows any name.</summary>
    public IReadOnlyCollection<string>? NamedValues { get; init; }

    /// <summary>
    /// Context-dependent functions the expression may call, among success, always, cancelled, failure and hashFiles;
    /// null allows all. Built-in functions such as contains or format are always allowed.
    /// </summary>
    public IReadOnlyCollection<string>? Functions { get; init; }

    /// <summary>
    /// When set, the context-dependent functions allowed here with the argument counts allowed here (GitHub's schema
    /// allows <c>success(...)</c> arguments in a job's <c>if</c> but not in a step's); it takes the place of
    /// <see cref="Functions"/>.
    /// </summary>
    public IReadOnlyList<ContextFunction>? ContextFunctions { get; init; }

    public int MaxDepth { get; init; } = 50;

    public int MaxLength { get; init; } = 21000;
}
