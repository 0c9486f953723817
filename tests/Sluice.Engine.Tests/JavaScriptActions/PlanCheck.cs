using Sluice.Engine.Execution;
using Sluice.Workflows;

namespace Sluice.Engine.Tests.JavaScriptActions;

/// <summary>The plan check as a run makes it, with the tests' timeout.</summary>
internal static class PlanCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static Task<PlanProblems> RunAsync(Workflow workflow, string file, PlanCheckOptions? options = null) =>
        SupportedActions.ProblemsAsync(workflow, file, options, CancellationToken.None).WaitAsync(Timeout);
}
