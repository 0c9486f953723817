using Sluice.Expressions;

namespace Sluice.Workflows.Schema;

/// <summary>The named values and context-dependent functions an expression may use at one place of a workflow.</summary>
internal sealed class ExpressionScope
{
    public ExpressionScope(string[] namedValues, string[]? functions = null)
    {
        NamedValues = namedValues;
        Functions = functions ?? [];
        ParserOptions = new ExpressionParserOptions { NamedValues = namedValues, Functions = Functions };
    }

    public IReadOnlyList<string> NamedValues { get; }

    public IReadOnlyList<string> Functions { get; }

    public ExpressionParserOptions ParserOptions { get; }

    public bool Allows(string namedValue) => NamedValues.Contains(namedValue, StringComparer.OrdinalIgnoreCase);
}

/// <summary>GitHub's context availability table, one scope per kind of place.</summary>
internal static class Scopes
{
    private static readonly string[] StatusFunctions = ["always", "cancelled", "success", "failure"];

    public static readonly ExpressionScope RunName = new(["github", "inputs", "vars"]);
    public static readonly ExpressionScope WorkflowConcurrency = new(["github", "inputs", "vars"]);
    public static readonly ExpressionScope WorkflowEnv = new(["github", "secrets", "inputs", "vars"]);
    public static readonly ExpressionScope WorkflowCallInputDefault = new(["github", "inputs", "vars"]);
    public static readonly ExpressionScope WorkflowCallOutputValue = new(["github", "jobs", "vars", "inputs"]);

    public static readonly ExpressionScope JobIf = new(["github", "needs", "vars", "inputs"], StatusFunctions);
    public static readonly ExpressionScope Strategy = new(["github", "needs", "vars", "inputs"]);
    public static readonly ExpressionScope JobMatrix = new(["github", "needs", "strategy", "matrix", "vars", "inputs"]);
    public static readonly ExpressionScope JobEnv = new(["github", "needs", "strategy", "matrix", "vars", "secrets", "inputs"]);
    public static readonly ExpressionScope JobDefaults = new(["github", "needs", "strategy", "matrix", "env", "vars", "inputs"]);
    public static readonly ExpressionScope JobCredentials = new(["github", "needs", "strategy", "matrix", "env", "vars", "secrets", "inputs"]);
    public static readonly ExpressionScope ContainerEnv = new(["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "inputs"]);
    public static readonly ExpressionScope EnvironmentUrl = new(["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs"]);
    public static readonly ExpressionScope JobOutputs = new(["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps", "inputs"]);
    public static readonly ExpressionScope JobSecrets = new(["github", "needs", "strategy", "matrix", "secrets", "inputs", "vars"]);

    public static readonly ExpressionScope Step = new(["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps", "inputs"], ["hashFiles"]);
    public static readonly ExpressionScope StepIf = new(["github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "steps", "inputs"], ["always", "cancelled", "success", "failure", "hashFiles"]);
}
