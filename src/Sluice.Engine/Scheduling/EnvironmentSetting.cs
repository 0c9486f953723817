using Sluice.Engine.Execution;
using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// A job's <c>environment</c> as evaluated for one leg: the environment's name, and its <c>url</c> when it can be
/// evaluated before the job runs (one that reads <c>steps</c> is known only once the job has run, so it is null here).
/// One evaluation for <c>sluice run</c> and the server.
/// </summary>
public sealed record EnvironmentSetting(string Name, string? Url)
{
    /// <summary>The concurrency group that keeps one deployment at a time in the environment, for a job with no <c>concurrency</c> of its own.</summary>
    public string Group => "environment:" + Name;

    /// <summary>
    /// A name, or a mapping with <c>name</c> and <c>url</c>, evaluated in <paramref name="context"/> (the job-level contexts
    /// with the leg's matrix); null when there is none or its name is empty. Throws <see cref="ExpressionException"/> when
    /// the name cannot be evaluated.
    /// </summary>
    public static EnvironmentSetting? Evaluate(TemplateToken? environment, EvaluationContext context)
    {
        switch (environment)
        {
            case null:
                return null;
            case MappingToken mapping:
                var name = mapping.Get("name") is { } nameToken ? TokenEvaluator.Evaluate(nameToken, context).ToDisplayString() : "";
                return name.Length == 0 ? null : new EnvironmentSetting(name, UrlOf(mapping.Get("url"), context));
            default:
                var plain = TokenEvaluator.Evaluate(environment, context);
                if (plain is ObjectValue evaluated)
                {
                    var named = evaluated.TryGetValue("name", out var n) ? n.ToDisplayString() : "";
                    var url = evaluated.TryGetValue("url", out var u) ? u.ToDisplayString() : null;
                    return named.Length == 0 ? null : new EnvironmentSetting(named, url is { Length: > 0 } ? url : null);
                }

                var text = plain.ToDisplayString();
                return text.Length == 0 ? null : new EnvironmentSetting(text, null);
        }
    }

    private static string? UrlOf(TemplateToken? url, EvaluationContext context)
    {
        if (url is null)
        {
            return null;
        }

        try
        {
            var value = TokenEvaluator.Evaluate(url, context).ToDisplayString();
            return value.Length == 0 ? null : value;
        }
        catch (ExpressionException)
        {
            // It reads what only the job's run knows (its steps' outputs).
            return null;
        }
    }
}
