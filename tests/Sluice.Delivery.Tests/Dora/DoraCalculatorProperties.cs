using CsCheck;
using Sluice.Delivery.Dora;
using static Sluice.Delivery.Tests.Dora.Deployments;

namespace Sluice.Delivery.Tests.Dora;

public sealed class DoraCalculatorProperties
{
    private const double Week = 7 * 24;

    /// <summary>Any mix of records within and around a week, in two environments, some rollbacks among them.</summary>
    private static readonly Gen<DeploymentFact[]> Records =
        Gen.Select(Gen.Int[0, 4], Gen.Double[-48, Week + 48], Gen.Double[0, 72], Gen.Bool, Gen.Int[0, 3])
            .Select((kind, at, span, staging, rollbackOf) =>
            {
                var environment = staging ? "staging" : "production";
                return kind switch
                {
                    0 => Healthy(0, at - span, at, environment),
                    1 => Breached(0, at, at + span, environment),
                    2 => JobFailed(0, at, environment),
                    3 => Rollback(0, rollbackOf + 1, at, environment),
                    _ => new DeploymentFact(0, environment, DeploymentFact.RolledBack, At(at), At(at), At(at), null, At(at - span), null),
                };
            })
            .Array[0, 30]
            .Select(facts => facts.Select((f, i) => f with { Id = i + 1 }).ToArray());

    [Fact]
    public void The_change_failure_rate_is_a_share_and_the_times_are_never_negative()
    {
        Records.Sample(facts =>
        {
            var figures = DoraCalculator.Compute(facts, Start, At(Week));
            Assert.InRange(figures.ChangeFailureRate.Value ?? 0, 0, 1);
            Assert.InRange(figures.LeadTime.Value ?? 0, 0, double.MaxValue);
            Assert.InRange(figures.TimeToRestore.Value ?? 0, 0, double.MaxValue);
            Assert.Equal(figures.DeploymentFrequency.Count, figures.Days.Sum(d => d.Deployments));
            Assert.Equal(figures.TimeToRestore.Count, figures.Days.Sum(d => d.Failures));
            Assert.All([figures.DeploymentFrequency, figures.LeadTime, figures.ChangeFailureRate, figures.TimeToRestore], k => Assert.Equal(k.Value is null, k.Band is null));
        });
    }

    [Fact]
    public void Adding_a_healthy_deployment_never_lowers_the_frequency()
    {
        Gen.Select(Records, Gen.Double[0, Week], Gen.Double[0, 48]).Sample((facts, healthyAt, lead) =>
        {
            var before = DoraCalculator.Compute(facts, Start, At(Week));
            var after = DoraCalculator.Compute([.. facts, Healthy(facts.Length + 1, healthyAt - lead, healthyAt)], Start, At(Week));
            Assert.True(after.DeploymentFrequency.Value > (before.DeploymentFrequency.Value ?? 0));
            Assert.True(after.ChangeFailureRate.Value <= (before.ChangeFailureRate.Value ?? 1));
        });
    }

    [Fact]
    public void The_figures_of_all_environments_count_what_each_environment_counts()
    {
        Records.Sample(facts =>
        {
            var all = DoraCalculator.Compute(facts, Start, At(Week));
            var each = facts.GroupBy(f => f.Environment).Select(g => DoraCalculator.Compute([.. g], Start, At(Week))).ToList();
            Assert.Equal(all.DeploymentFrequency.Count, each.Sum(f => f.DeploymentFrequency.Count));
            Assert.Equal(all.ChangeFailureRate.Count, each.Sum(f => f.ChangeFailureRate.Count));
            Assert.Equal(all.TimeToRestore.Count, each.Sum(f => f.TimeToRestore.Count));
        });
    }

    [Fact]
    public void The_order_of_the_records_does_not_matter()
    {
        Records.Sample(facts =>
        {
            var forward = DoraCalculator.Compute(facts, Start, At(Week));
            var backward = DoraCalculator.Compute([.. facts.Reverse()], Start, At(Week));
            Assert.Equal(
                (forward.DeploymentFrequency, forward.LeadTime, forward.ChangeFailureRate, forward.TimeToRestore),
                (backward.DeploymentFrequency, backward.LeadTime, backward.ChangeFailureRate, backward.TimeToRestore));
            Assert.Equal(forward.Days, backward.Days);
        });
    }
}
