using Sluice.Engine.Tests.JavaScriptActions;
using Sluice.Engine.Execution;
using Sluice.Workflows;

namespace Sluice.Engine.Tests.Composite;

public sealed class SupportedLocalActionsTests
{
    [Fact]
    public async Task Local_actions_are_not_reported_before_a_run_because_they_exist_only_after_checkout()
    {
        var read = new WorkflowReader().Read("ci.yml", """
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: ./.github/actions/anything
                  - uses: someone/else@v1
            """);

        var (jobs, steps) = await PlanCheck.RunAsync(read.Workflow!, "ci.yml");

        Assert.Empty(jobs);
        var problem = Assert.Single(steps);
        Assert.Contains("someone/else@v1", problem, StringComparison.Ordinal);
    }
}
