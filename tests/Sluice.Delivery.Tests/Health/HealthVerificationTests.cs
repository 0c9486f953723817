using CsCheck;
using Sluice.Delivery.Health;

namespace Sluice.Delivery.Tests.Health;

public class HealthVerificationTests
{
    private static readonly DateTimeOffset Deployed = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static EnvironmentHealth Health(int window = 60, int interval = 15, int failureLimit = 0, int inconclusiveLimit = 2) => new(
        "production",
        new Uri("http://127.0.0.1:9090"),
        TimeSpan.FromSeconds(window),
        TimeSpan.FromSeconds(interval),
        failureLimit,
        inconclusiveLimit,
        new Dictionary<string, string> { ["error_rate"] = "x" },
        new Dictionary<string, HttpProbe>(),
        [new HealthCondition("error rate under 5%", "queries.error_rate < 0.05", 1)],
        null);

    private static HealthSample Sample(DateTimeOffset at, HealthVerdict verdict) => new(
        at,
        verdict,
        [new HealthConditionResult(
            "error rate under 5%",
            "queries.error_rate < 0.05",
            verdict,
            verdict == HealthVerdict.Inconclusive ? "queries.error_rate: no value" : "queries.error_rate = 0.31",
            verdict == HealthVerdict.Inconclusive ? "queries.error_rate: no data: the query gave no series." : null)]);

    [Fact]
    public void The_window_starts_when_the_deploy_job_succeeds_and_the_first_sample_is_one_interval_later()
    {
        var state = HealthVerification.Start(Health(), Deployed);

        Assert.Equal(new VerificationState(Deployed, Deployed.AddSeconds(60), Deployed.AddSeconds(15), 0, 0), state);
        Assert.Equal(Deployed.AddSeconds(5), HealthVerification.Start(Health(window: 5, interval: 5), Deployed).NextSampleAt);
    }

    [Fact]
    public void An_initial_delay_takes_no_sample_before_it_ends_and_moves_the_window_past_it()
    {
        var state = HealthVerification.Start(Health() with { InitialDelay = TimeSpan.FromSeconds(30) }, Deployed);

        Assert.Equal(new VerificationState(Deployed, Deployed.AddSeconds(30 + 60), Deployed.AddSeconds(30 + 15), 0, 0), state);
    }

    [Fact]
    public void An_initial_delay_is_read_from_the_environments_file_and_a_bad_one_is_refused_with_its_line()
    {
        const string Good = """
            environments:
              staging:
                initial-delay: 45s
                probes:
                  home: http://127.0.0.1:18081/healthz
                conditions:
                  - probes.home.ok
            """;
        Assert.Equal(TimeSpan.FromSeconds(45), EnvironmentsFileReader.Read(".sluice/environments.yml", Good).File!.Find("staging")!.InitialDelay);
        var bad = EnvironmentsFileReader.Read(".sluice/environments.yml", Good.Replace("45s", "soon", StringComparison.Ordinal));
        Assert.Null(bad.File);
        Assert.Contains(bad.Errors, e => e.Contains(":3:", StringComparison.Ordinal) && e.Contains("'initial-delay' is a duration", StringComparison.Ordinal));
    }

    [Fact]
    public void Passing_samples_continue_until_the_sample_at_the_end_of_the_window_says_healthy()
    {
        var health = Health();
        var state = HealthVerification.Start(health, Deployed);
        var steps = new List<VerificationStep>();
        for (var i = 0; i < 4; i++)
        {
            var step = HealthVerification.Apply(state, health, Sample(state.NextSampleAt, HealthVerdict.Passed));
            steps.Add(step);
            state = step is VerificationStep.Continue c ? c.State : state;
        }

        Assert.All(steps.Take(3), s => Assert.IsType<VerificationStep.Continue>(s));
        Assert.Equal([Deployed.AddSeconds(30), Deployed.AddSeconds(45), Deployed.AddSeconds(60)], steps.Take(3).Select(s => ((VerificationStep.Continue)s).State.NextSampleAt));
        Assert.IsType<VerificationStep.Healthy>(steps[3]);
    }

    [Fact]
    public void A_failed_sample_beyond_the_failure_limit_breaches_naming_the_condition_and_what_was_measured()
    {
        var health = Health();
        var state = HealthVerification.Start(health, Deployed);

        var step = HealthVerification.Apply(state, health, Sample(Deployed.AddSeconds(15), HealthVerdict.Failed));

        var breached = Assert.IsType<VerificationStep.Breached>(step);
        Assert.Equal(
            "1 sample failed, more than the 0 tolerated; at 2026-12-05 12:00:15 UTC 'error rate under 5%' (queries.error_rate < 0.05) failed with queries.error_rate = 0.31",
            breached.Reason);
        Assert.Equal(1, breached.State.Failures);
    }

    [Fact]
    public void Failed_samples_within_the_limit_are_tolerated_and_counted_across_the_window()
    {
        var health = Health(failureLimit: 1);
        var state = HealthVerification.Start(health, Deployed);

        var first = Assert.IsType<VerificationStep.Continue>(HealthVerification.Apply(state, health, Sample(Deployed.AddSeconds(15), HealthVerdict.Failed)));
        var passed = Assert.IsType<VerificationStep.Continue>(HealthVerification.Apply(first.State, health, Sample(Deployed.AddSeconds(30), HealthVerdict.Passed)));
        var second = HealthVerification.Apply(passed.State, health, Sample(Deployed.AddSeconds(45), HealthVerdict.Failed));

        Assert.Equal(1, passed.State.Failures);
        Assert.StartsWith("2 samples failed, more than the 1 tolerated", Assert.IsType<VerificationStep.Breached>(second).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inconclusive_samples_breach_only_when_more_than_the_limit_come_in_a_row()
    {
        var health = Health(window: 300, inconclusiveLimit: 2);
        var state = HealthVerification.Start(health, Deployed);
        var verdicts = new[] { HealthVerdict.Inconclusive, HealthVerdict.Inconclusive, HealthVerdict.Passed, HealthVerdict.Inconclusive, HealthVerdict.Inconclusive };
        foreach (var verdict in verdicts)
        {
            state = Assert.IsType<VerificationStep.Continue>(HealthVerification.Apply(state, health, Sample(state.NextSampleAt, verdict))).State;
        }

        var step = HealthVerification.Apply(state, health, Sample(state.NextSampleAt, HealthVerdict.Inconclusive));

        Assert.Equal(
            "3 samples in a row inconclusive, more than the 2 tolerated; at 2026-12-05 12:01:30 UTC 'error rate under 5%' (queries.error_rate < 0.05) was inconclusive with queries.error_rate: no value: queries.error_rate: no data: the query gave no series.",
            Assert.IsType<VerificationStep.Breached>(step).Reason);
    }

    [Fact]
    public void A_late_sample_schedules_the_next_one_interval_after_it_but_never_after_the_window()
    {
        var health = Health(window: 60, interval: 15);
        var state = HealthVerification.Start(health, Deployed);

        var late = Assert.IsType<VerificationStep.Continue>(HealthVerification.Apply(state, health, Sample(Deployed.AddSeconds(40), HealthVerdict.Passed)));
        var later = Assert.IsType<VerificationStep.Continue>(HealthVerification.Apply(late.State, health, Sample(Deployed.AddSeconds(55), HealthVerdict.Passed)));

        Assert.Equal(Deployed.AddSeconds(55), late.State.NextSampleAt);
        Assert.Equal(Deployed.AddSeconds(60), later.State.NextSampleAt);
    }

    [Fact]
    public void A_breach_in_the_deciding_sample_wins_over_healthy()
    {
        var health = Health();
        var state = HealthVerification.Start(health, Deployed) with { NextSampleAt = Deployed.AddSeconds(60) };

        Assert.IsType<VerificationStep.Breached>(HealthVerification.Apply(state, health, Sample(Deployed.AddSeconds(60), HealthVerdict.Failed)));
        Assert.IsType<VerificationStep.Healthy>(HealthVerification.Apply(state, health, Sample(Deployed.AddSeconds(61), HealthVerdict.Inconclusive)));
    }

    private static readonly Gen<(int Window, int Interval)> Windows =
        Gen.Int[1, 600].SelectMany(interval => Gen.Int[interval, 3600].Select(window => (window, interval)));

    [Fact]
    public void Sampling_when_due_with_every_sample_passing_ends_healthy_exactly_at_the_first_sample_at_or_after_the_end()
    {
        Windows.Sample(w =>
        {
            var health = Health(w.Window, w.Interval);
            var state = HealthVerification.Start(health, Deployed);
            var samples = 0;
            while (true)
            {
                samples++;
                var at = state.NextSampleAt;
                var step = HealthVerification.Apply(state, health, Sample(at, HealthVerdict.Passed));
                if (step is VerificationStep.Healthy)
                {
                    return at == state.Until && samples == (int)Math.Ceiling((double)w.Window / w.Interval);
                }

                if (step is not VerificationStep.Continue next || next.State.NextSampleAt <= at || next.State.NextSampleAt > state.Until)
                {
                    return false;
                }

                state = next.State;
            }
        });
    }

    [Fact]
    public void No_sequence_of_samples_continues_past_the_end_of_the_window()
    {
        var gen = Gen.Select(
            Windows,
            Gen.Int[0, 3],
            Gen.Int[0, 3],
            Gen.Select(Gen.Enum<HealthVerdict>(), Gen.Int[0, 900]).Array[1, 60]);
        gen.Sample((w, failureLimit, inconclusiveLimit, samples) =>
        {
            var health = Health(w.Window, w.Interval, failureLimit, inconclusiveLimit);
            var state = HealthVerification.Start(health, Deployed);
            var failures = 0;
            var inRow = 0;
            foreach (var (verdict, delay) in samples)
            {
                var at = state.NextSampleAt.AddSeconds(delay % (w.Interval * 3));
                failures += verdict == HealthVerdict.Failed ? 1 : 0;
                inRow = verdict == HealthVerdict.Inconclusive ? inRow + 1 : 0;
                var step = HealthVerification.Apply(state, health, Sample(at, verdict));
                var breaches = failures > failureLimit || inRow > inconclusiveLimit;
                switch (step)
                {
                    case VerificationStep.Breached:
                        return breaches;
                    case VerificationStep.Healthy:
                        return !breaches && at >= state.Until;
                    case VerificationStep.Continue next when breaches || at >= state.Until || next.State.NextSampleAt > state.Until || next.State.NextSampleAt <= at && next.State.NextSampleAt < state.Until:
                        return false;
                    case VerificationStep.Continue next:
                        state = next.State;
                        break;
                }
            }

            return true;
        });
    }
}
