namespace Sluice.Expressions;

internal sealed record ParsedExpression(Node Root, HashSet<string> NamedValuesUsed, HashSet<string> FunctionsUsed);
