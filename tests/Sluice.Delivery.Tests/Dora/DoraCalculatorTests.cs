using Sluice.Delivery.Dora;
using static Sluice.Delivery.Tests.Dora.Deployments;

namespace Sluice.Delivery.Tests.Dora;

public sealed class DoraCalculatorTests
{
    private const double Hour = 3600;

    [Fact]
    public void A_week_of_deployments_gives_exact_figures_and_bands()
    {
        // Seven days: five healthy changes, one breached and rolled back, one whose job failed before deploying.
        var facts = new[]
        {
            Healthy(1, committed: 1, healthy: 3),    // lead 2 h
            Healthy(2, committed: 20, healthy: 24),  // lead 4 h, day 2
            Healthy(3, committed: 30, healthy: 31),  // lead 1 h
            Breached(4, deployed: 50, failed: 51),
            Rollback(5, of: 4, healthy: 51.5),       // restored after 30 min
            Healthy(6, committed: 60, healthy: 70),  // lead 10 h
            JobFailed(7, failed: 80),
            Healthy(8, committed: 100, healthy: 106), // lead 6 h
        };

        var figures = DoraCalculator.Compute(facts, Start, At(7 * 24));

        Assert.Equal(new DoraKey(5.0 / 7, 5, DoraBands.High), figures.DeploymentFrequency);
        Assert.Equal(new DoraKey(4 * Hour, 5, DoraBands.Elite), figures.LeadTime);
        Assert.Equal(new DoraKey(1.0 / 6, 6, DoraBands.Low), figures.ChangeFailureRate);
        Assert.Equal(new DoraKey(0.5 * Hour, 1, DoraBands.Elite), figures.TimeToRestore);
        Assert.Equal(8, figures.Days.Count);
        Assert.Equal(
            [
                new DoraDay(new DateOnly(2026, 3, 2), 1, 0, 2 * Hour),
                new DoraDay(new DateOnly(2026, 3, 3), 2, 0, 2.5 * Hour),
                new DoraDay(new DateOnly(2026, 3, 4), 1, 1, 10 * Hour),
                new DoraDay(new DateOnly(2026, 3, 5), 0, 0, null),
                new DoraDay(new DateOnly(2026, 3, 6), 1, 0, 6 * Hour),
            ],
            figures.Days.Take(5));
        Assert.All(figures.Days.Skip(5), d => Assert.Equal((0, 0, (double?)null), (d.Deployments, d.Failures, d.LeadTimeSeconds)));
    }

    [Fact]
    public void No_deployments_give_no_figures_and_days_of_nothing()
    {
        var figures = DoraCalculator.Compute([], Start, At(48));

        Assert.Equal(DoraKey.None, figures.DeploymentFrequency);
        Assert.Equal(DoraKey.None, figures.LeadTime);
        Assert.Equal(DoraKey.None, figures.ChangeFailureRate);
        Assert.Equal(DoraKey.None, figures.TimeToRestore);
        Assert.Equal([0, 0, 0], figures.Days.Select(d => d.Deployments));
    }

    [Fact]
    public void Records_with_no_healthy_change_in_the_period_deploy_zero_times_a_day_which_is_low()
    {
        var figures = DoraCalculator.Compute([Healthy(1, committed: -50, healthy: -48)], Start, At(24));

        Assert.Equal(new DoraKey(0, 0, DoraBands.Low), figures.DeploymentFrequency);
        Assert.Equal(DoraKey.None, figures.LeadTime);
    }

    [Fact]
    public void A_failure_not_yet_restored_counts_as_open_until_the_period_ends()
    {
        var figures = DoraCalculator.Compute([Healthy(1, 0, 1), Breached(2, deployed: 10, failed: 12)], Start, At(36));

        Assert.Equal(new DoraKey(24 * Hour, 1, DoraBands.Medium), figures.TimeToRestore);
        Assert.Equal(new DoraKey(0.5, 2, DoraBands.Low), figures.ChangeFailureRate);
    }

    [Fact]
    public void Only_a_later_healthy_deployment_of_the_same_environment_restores_a_failure()
    {
        var facts = new[]
        {
            Breached(1, deployed: 10, failed: 11, environment: "production"),
            Healthy(2, committed: 11, healthy: 12, environment: "staging"),
            Healthy(3, committed: 12, healthy: 14, environment: "production"),
        };

        var all = DoraCalculator.Compute(facts, Start, At(24));
        var staging = DoraCalculator.Compute([.. facts.Where(f => f.Environment == "staging")], Start, At(24));

        Assert.Equal(new DoraKey(3 * Hour, 1, DoraBands.High), all.TimeToRestore);
        Assert.Equal(new DoraKey(2, 2, DoraBands.Elite), all.DeploymentFrequency);
        Assert.Equal(new DoraKey(1, 1, DoraBands.Elite), staging.DeploymentFrequency);
        Assert.Equal(new DoraKey(0, 1, DoraBands.Elite), staging.ChangeFailureRate);
        Assert.Equal(DoraKey.None, staging.TimeToRestore);
    }

    [Fact]
    public void A_rolled_back_deployment_is_a_failed_change_and_its_rollback_is_not_a_change()
    {
        var rolledBack = new DeploymentFact(1, "production", DeploymentFact.RolledBack, At(1), At(2), At(2), null, At(0), null);

        var figures = DoraCalculator.Compute([rolledBack, Rollback(2, of: 1, healthy: 5)], Start, At(24));

        Assert.Equal(new DoraKey(1, 1, DoraBands.Low), figures.ChangeFailureRate);
        Assert.Equal(new DoraKey(1, 1, DoraBands.Elite), figures.DeploymentFrequency);
        Assert.Equal(new DoraKey(3 * Hour, 1, DoraBands.High), figures.TimeToRestore);
    }

    [Fact]
    public void A_commit_dated_after_its_deployment_has_no_lead_time_rather_than_a_negative_one()
    {
        var figures = DoraCalculator.Compute([Healthy(1, committed: 5, healthy: 3)], Start, At(24));

        Assert.Equal(new DoraKey(0, 1, DoraBands.Elite), figures.LeadTime);
    }

    [Fact]
    public void A_period_that_does_not_end_after_it_starts_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DoraCalculator.Compute([], Start, Start));
    }

    [Theory]
    [InlineData(1.0, "elite")]
    [InlineData(0.99, "high")]
    [InlineData(1.0 / 7, "high")]
    [InlineData(0.1, "medium")]
    [InlineData(1.0 / 30, "medium")]
    [InlineData(0.01, "low")]
    public void Deployment_frequency_bands_follow_the_2023_clusters(double perDay, string band) =>
        Assert.Equal(band, DoraBands.DeploymentFrequency(perDay));

    [Theory]
    [InlineData(0.05, "elite")]
    [InlineData(0.06, "high")]
    [InlineData(0.15, "medium")]
    [InlineData(0.64, "low")]
    public void Change_failure_rate_bands_follow_the_2023_clusters(double share, string band) =>
        Assert.Equal(band, DoraBands.ChangeFailureRate(share));

    [Theory]
    [InlineData(3599, "elite", "elite")]
    [InlineData(3600, "elite", "high")]
    [InlineData(86_400, "high", "medium")]
    [InlineData(7 * 86_400, "high", "medium")]
    [InlineData(8 * 86_400, "medium", "low")]
    [InlineData(31 * 86_400, "low", "low")]
    public void Lead_time_and_time_to_restore_bands_follow_the_2023_clusters(double seconds, string leadTime, string restore) =>
        Assert.Equal((leadTime, restore), (DoraBands.LeadTime(seconds), DoraBands.TimeToRestore(seconds)));

    [Theory]
    [InlineData("30d", 30)]
    [InlineData("1d", 1)]
    [InlineData("365d", 365)]
    [InlineData("0d", null)]
    [InlineData("366d", null)]
    [InlineData("30", null)]
    [InlineData("d", null)]
    [InlineData("-1d", null)]
    [InlineData("2w", null)]
    [InlineData(null, null)]
    public void A_period_is_one_to_365_days(string? since, int? days) => Assert.Equal(days, DoraPeriod.ParseDays(since));

    [Fact]
    public void The_last_days_end_now_by_the_clock_given()
    {
        var clock = new FixedClock(At(100));

        Assert.Equal((At(100 - 720), At(100)), DoraPeriod.Last(30, clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
