namespace Sluice.Expressions;

/// <summary>
/// A stretch of a template's text: literal text, or the text between <c>${{</c> and <c>}}</c>.
/// <paramref name="Start"/> and <paramref name="Length"/> index the template's raw text.
/// </summary>
public readonly record struct TemplatePart(bool IsExpression, int Start, int Length, bool IsClosed);
