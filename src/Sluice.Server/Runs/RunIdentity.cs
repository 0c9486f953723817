using System.Globalization;
using Sluice.Expressions;
using Sluice.Server.Storage;

namespace Sluice.Server.Runs;

/// <summary>The server's numbers for a run in its <c>github</c> context: <c>run_id</c>, <c>run_number</c>, <c>run_attempt</c>.</summary>
public static class RunIdentity
{
    public static void Apply(ObjectValue github, RunRecord run)
    {
        github.Set("run_id", ExpressionValue.FromString(run.Id.ToString(CultureInfo.InvariantCulture)));
        github.Set("run_number", ExpressionValue.FromString(run.Number.ToString(CultureInfo.InvariantCulture)));
        github.Set("run_attempt", ExpressionValue.FromString(run.Attempt.ToString(CultureInfo.InvariantCulture)));
    }
}
