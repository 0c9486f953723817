using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Setup;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.Setup;

public sealed class SetupToolTests
{
    [Theory]
    [InlineData("10.0.401", "10.0.x", true)]
    [InlineData("10.0.401", "10", true)]
    [InlineData("10.0.401", "8.0.x", false)]
    [InlineData("20.20.2", "20", true)]
    [InlineData("20.20.2", "v20.x", true)]
    [InlineData("20.20.2", "22", false)]
    [InlineData("3.11.7", "3.11", true)]
    [InlineData("3.11.7", "3.12", false)]
    [InlineData("17.0.15", "lts/*", true)]
    [InlineData("17.0.15", "", true)]
    public void Version_requests_match_installed_versions_as_the_setup_actions_read_them(string installed, string wanted, bool expected) =>
        Assert.Equal(expected, InstalledTool.Satisfies(installed, wanted));

    [Fact]
    public async Task An_installed_dotnet_is_used_and_a_missing_version_fails_with_advice()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              ok:
                runs-on: x
                steps:
                  - id: setup
                    uses: actions/setup-dotnet@v4
                    with: { dotnet-version: '10.0.x' }
                  - run: echo "got ${{ steps.setup.outputs.dotnet-version }}"
              missing:
                runs-on: x
                steps:
                  - uses: actions/setup-dotnet@v4
                    with: { dotnet-version: '3.1.x' }
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Jobs.Single(j => j.JobId == "ok").Conclusion);
        Assert.Matches(@"^got 10\.0\.\d+$", run.Observer.LinesOf("ok").Last());
        Assert.Equal(Conclusion.Failure, result.Jobs.Single(j => j.JobId == "missing").Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Job == "missing" && a.Message.StartsWith("dotnet 3.1.x is not installed on this machine (installed: 10.0.", StringComparison.Ordinal));
    }
}
