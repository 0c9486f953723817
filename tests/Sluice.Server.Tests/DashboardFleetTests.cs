using System.Globalization;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// What the dashboard shows of a run that a real agent ran: annotations made with <c>::warning file=…,line=…::</c>
/// keep their file and line from the step to the API, and the job's steps their times and conclusions.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DashboardFleetTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_real_agents_annotations_keep_their_file_and_line_and_its_steps_their_times()
    {
        var repository = _fleet.Repository("marks", (".github/workflows/ci.yml", """
            on: push
            jobs:
              lint:
                runs-on: ubuntu-latest
                steps:
                  - name: Lint
                    run: |
                      echo "::warning file=src/app.cs,line=12::unused variable"
                      echo "::error::no file named here"
                  - name: Second
                    run: echo done
            """));
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("marker");
        await _fleet.AddRepositoryAsync("marks", repository);

        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("marks")).Id);
        Assert.True(run.Conclusion == "success", await _fleet.LogTextAsync(run.Id));
        using var deadline = new CancellationTokenSource(Fleet.Patience);
        var id = run.Id.ToString(CultureInfo.InvariantCulture);

        var annotations = (await _fleet.Api.GetAsync($"api/v1/runs/{id}/annotations", ProtocolJson.Default.IReadOnlyListAnnotationView, deadline.Token))!;
        Assert.Contains(new AnnotationView("lint", 1, "warning", "unused variable", "src/app.cs", 12, annotations.Single(a => a.Level == "warning").LogLine), annotations);
        var unplaced = annotations.Single(a => a.Level == "error");
        Assert.Equal(("no file named here", null, null), (unplaced.Message, unplaced.File, unplaced.Line));

        var steps = (await _fleet.Api.GetAsync($"api/v1/runs/{id}/jobs/lint/steps", ProtocolJson.Default.JobStepsView, deadline.Token))!.Steps;
        var lint = steps.Single(s => s.Name == "Lint");
        var second = steps.Single(s => s.Name == "Second");
        Assert.All(new[] { lint, second }, s => Assert.Equal(("completed", "success"), (s.Status, s.Conclusion)));
        Assert.True(lint.StartedAt <= lint.FinishedAt && lint.FinishedAt <= second.StartedAt && second.StartedAt <= second.FinishedAt, string.Join("\n", steps));
        Assert.True(steps.ToList().IndexOf(lint) < steps.ToList().IndexOf(second));
    }

    public void Dispose() => _fleet.Dispose();
}
