using Sluice.Expressions;

namespace Sluice.Cli.Evaluation;

/// <summary>One expression to evaluate and the contexts it may use; the context names are the only named values it may mention.</summary>
internal sealed record ExpressionRequest(string Text, IReadOnlyDictionary<string, ExpressionValue> Contexts);
