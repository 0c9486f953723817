using Sluice.Cli.Server;
using Sluice.Protocol;

namespace Sluice.Cli.Tests.Deployments;

/// <summary><c>sluice deployments</c>' table and <c>sluice deployments show</c>, whole.</summary>
public sealed class DeploymentsTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 12, 0, 0, TimeSpan.Zero);

    internal static DeploymentView Deployment(long id, string environment, string status, DateTimeOffset created) => new(
        id, "shop", environment, 100 + id, 40 + id, "deploy", "refs/heads/main", $"{id}a1b2c3d4e5f60718293a4b5c6d7e8f9012345", null, status, null, "alice",
        created, null, null, null, null, null, null, null, [], [], null);

    [Fact]
    public void The_table_lists_newest_first_with_short_commits_ages_and_reviews()
    {
        var deployments = new[]
        {
            Deployment(3, "production", "waiting", Now.AddMinutes(-5)) with { Reviewers = ["bob", "carol"], Reviews = [new DeploymentReviewView("carol", true, null, Now.AddMinutes(-1))] },
            Deployment(2, "production", "success", Now.AddHours(-3)) with { Reviews = [new DeploymentReviewView("bob", true, "fine", Now.AddHours(-3))], Ref = "refs/tags/v1.2" },
            Deployment(1, "staging", "failure", Now.AddDays(-2)) with { Reviews = [new DeploymentReviewView("bob", false, "not today", Now.AddDays(-2))] },
            Deployment(4, "staging", "waiting", Now.AddDays(-40)) with { WaitUntil = new DateTimeOffset(2026, 3, 9, 12, 30, 0, TimeSpan.Zero) },
        };

        Assert.Equal(
            """
                id  environment    status      commit     ref                     run  age      reviews
                 3  production     waiting     3a1b2c3d   main                    #43  5m ago   approved by carol, waits for bob
                 2  production     success     2a1b2c3d   v1.2                    #42  3h ago   approved by bob
                 1  staging        failure     1a1b2c3d   main                    #41  2d ago   rejected by bob
                 4  staging        waiting     4a1b2c3d   main                    #44  2026-01-28 waits until 12:30 UTC

            """.ReplaceLineEndings("\n"),
            Render(output => DeploymentsText.WriteTable(output, deployments, Now)));
    }

    [Fact]
    public void No_deployments_say_so()
    {
        Assert.Equal("no deployments yet\n", Render(output => DeploymentsText.WriteTable(output, [], Now)));
    }

    [Fact]
    public void One_deployment_shows_its_times_reviews_and_health_samples()
    {
        var deployment = Deployment(7, "production", "verifying", Now.AddMinutes(-20)) with
        {
            Url = "https://shop.example",
            StartedAt = Now.AddMinutes(-15),
            DeployedAt = Now.AddMinutes(-10),
            CommitAt = Now.AddHours(-2),
            Reviewers = ["bob"],
            Reviews = [new DeploymentReviewView("bob", true, "go", Now.AddMinutes(-16))],
            Health = new DeploymentHealthView(Now.AddMinutes(-10), Now.AddMinutes(5), null,
            [
                new HealthSampleView(Now.AddMinutes(-5), "passed", [new HealthConditionView("errors", "error_rate < 0.01", "passed", "0.002", null)]),
                new HealthSampleView(Now.AddMinutes(-4), "inconclusive", [new HealthConditionView("latency", "p95 < 300ms", "inconclusive", "no data", "the query returned nothing")]),
            ]),
        };

        Assert.Equal(
            """
            deployment 7: shop to production, verifying
              run           #47 (sluice runs --run 107), job deploy
              commit        7a1b2c3d4e5f60718293a4b5c6d7e8f9012345 on main
              url           https://shop.example
              triggered by  alice
              created       2026-03-09 11:40:00Z
              started       2026-03-09 11:45:00Z
              deployed      2026-03-09 11:50:00Z
              committed     2026-03-09 10:00:00Z
              reviewers     bob
              review        approved by bob 2026-03-09 11:44:00Z: go
            health gate: not judged yet, window 2026-03-09 11:50:00Z to 2026-03-09 12:05:00Z
              11:55:00 passed       errors passed (0.002)
              11:56:00 inconclusive latency inconclusive (no data, the query returned nothing)

            """.ReplaceLineEndings("\n"),
            Render(output => DeploymentsText.WriteOne(output, deployment)));
    }

    private static string Render(Action<TextWriter> write)
    {
        using var output = new StringWriter { NewLine = "\n" };
        write(output);
        return output.ToString();
    }
}
