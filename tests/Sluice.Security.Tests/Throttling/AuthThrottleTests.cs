using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sluice.Security.Throttling;

namespace Sluice.Security.Tests.Throttling;

public sealed class AuthThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Neighbour = IPAddress.Parse("203.0.113.8");

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static AuthThrottleOptions Options => new()
    {
        FailuresPerToken = 3,
        FailuresPerSource = 10,
        Window = TimeSpan.FromMinutes(10),
        FirstDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public void Failures_below_the_limit_are_not_slowed_down()
    {
        var throttle = new AuthThrottle(Options, time);

        throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa");
        var afterTwo = throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa");

        Assert.True(afterTwo.Allowed);
        Assert.True(throttle.Check(Attacker, "slu_adm_aaaaaaaa").Allowed);
    }

    [Fact]
    public void After_the_limit_the_token_is_refused_for_a_delay_that_doubles_with_each_failure_up_to_the_cap()
    {
        var throttle = new AuthThrottle(Options, time);
        var waits = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            var decision = throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa");
            waits.Add(decision.RetryAfterSeconds);
            time.Advance(decision.RetryAfter);
        }

        Assert.Equal([0, 0, 1, 2, 4, 8, 16, 32, 60, 60], waits);
    }

    [Fact]
    public void A_refused_attempt_is_told_how_long_remains()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 4; i++)
        {
            throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa");
        }

        time.Advance(TimeSpan.FromMilliseconds(500));
        var decision = throttle.Check(Attacker, "slu_adm_aaaaaaaa");

        Assert.False(decision.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), decision.RetryAfter);
        Assert.Equal(2, decision.RetryAfterSeconds);

        time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.True(throttle.Check(Attacker, "slu_adm_aaaaaaaa").Allowed);
    }

    [Fact]
    public void Success_forgets_the_token_failures()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa");
        }

        time.Advance(TimeSpan.FromSeconds(1));
        throttle.RecordSuccess(Attacker, "slu_adm_aaaaaaaa");

        Assert.True(throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa").Allowed);
        Assert.True(throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa").Allowed);
        Assert.False(throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa").Allowed);
    }

    [Fact]
    public void A_stuck_token_does_not_lock_out_other_tokens_or_other_addresses()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 5; i++)
        {
            throttle.RecordFailure(Attacker, "slu_agc_revoked0");
        }

        Assert.False(throttle.Check(Attacker, "slu_agc_revoked0").Allowed);
        Assert.True(throttle.Check(Attacker, "slu_agc_fresh000").Allowed);
        Assert.True(throttle.Check(Neighbour, "slu_agc_revoked0").Allowed);
    }

    [Fact]
    public void Guessing_with_a_new_token_each_time_blocks_the_whole_source()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure(Attacker, $"slu_adm_guess{i:000}");
        }

        Assert.False(throttle.Check(Attacker, "slu_adm_another0").Allowed);
        Assert.False(throttle.Check(Attacker, null).Allowed);
        Assert.True(throttle.Check(Neighbour, "slu_adm_another0").Allowed);
    }

    [Fact]
    public void A_success_with_one_valid_token_does_not_wipe_the_source_count_of_guesses_at_others()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 9; i++)
        {
            throttle.RecordFailure(Attacker, $"slu_adm_guess{i:000}");
            throttle.RecordSuccess(Attacker, "slu_rdo_myowntkn");
        }

        Assert.False(throttle.RecordFailure(Attacker, "slu_adm_guess999").Allowed);
    }

    [Fact]
    public void Unreadable_tokens_count_against_the_source_only()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 9; i++)
        {
            Assert.True(throttle.RecordFailure(Attacker, null).Allowed);
        }

        Assert.False(throttle.RecordFailure(Attacker, "").Allowed);
        Assert.Equal(1, throttle.TrackedEntries);
    }

    [Fact]
    public void Failures_are_forgotten_after_a_quiet_window()
    {
        var throttle = new AuthThrottle(Options, time);
        throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa");
        throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa");

        time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa").Allowed);
        Assert.True(throttle.RecordFailure(Attacker, "slu_adm_aaaaaaaa").Allowed);
    }

    [Fact]
    public void The_window_counts_from_the_end_of_a_refusal_so_delays_keep_growing_after_a_long_one()
    {
        var options = new AuthThrottleOptions { FailuresPerToken = 1, FailuresPerSource = 100, Window = TimeSpan.FromSeconds(5), FirstDelay = TimeSpan.FromSeconds(4), MaxDelay = TimeSpan.FromMinutes(1) };
        var throttle = new AuthThrottle(options, time);

        Assert.Equal(4, throttle.RecordFailure(Attacker, "t").RetryAfterSeconds);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(8, throttle.RecordFailure(Attacker, "t").RetryAfterSeconds);
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal(16, throttle.RecordFailure(Attacker, "t").RetryAfterSeconds);
        time.Advance(TimeSpan.FromSeconds(16 + 5));
        Assert.Equal(4, throttle.RecordFailure(Attacker, "t").RetryAfterSeconds);
    }

    [Fact]
    public void Addresses_in_one_IPv6_64_count_as_one_source()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure(IPAddress.Parse($"2001:db8:1:2::{i + 1:x}"), null);
        }

        Assert.False(throttle.Check(IPAddress.Parse("2001:db8:1:2:ffff::1"), null).Allowed);
        Assert.True(throttle.Check(IPAddress.Parse("2001:db8:1:3::1"), null).Allowed);
    }

    [Fact]
    public void An_IPv4_address_mapped_into_IPv6_is_the_same_source()
    {
        var throttle = new AuthThrottle(Options, time);
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure(Attacker, null);
        }

        Assert.False(throttle.Check(Attacker.MapToIPv6(), null).Allowed);
    }

    [Fact]
    public void Many_addresses_cannot_grow_the_table_past_its_cap_and_the_newest_blocks_survive()
    {
        var throttle = new AuthThrottle(Options with { MaxTrackedEntries = 100 }, time);
        for (var i = 0; i < 5_000; i++)
        {
            throttle.RecordFailure(new IPAddress(BitConverter.GetBytes(i)), $"slu_adm_{i:x8}");
            Assert.InRange(throttle.TrackedEntries, 1, 100);
        }

        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure(Attacker, "slu_adm_last0000");
        }

        Assert.False(throttle.Check(Attacker, "slu_adm_last0000").Allowed);
    }

    [Fact]
    public void A_full_table_first_forgets_every_expired_entry()
    {
        var throttle = new AuthThrottle(Options with { MaxTrackedEntries = 10 }, time);
        for (var i = 0; i < 9; i++)
        {
            throttle.RecordFailure(new IPAddress([10, 0, 0, (byte)i]), null);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        throttle.RecordFailure(Attacker, null);
        time.Advance(TimeSpan.FromMinutes(6));
        throttle.RecordFailure(Neighbour, null);

        Assert.Equal(2, throttle.TrackedEntries);
    }

    [Fact]
    public void Very_long_token_ids_are_cut_before_they_are_kept()
    {
        var throttle = new AuthThrottle(Options, time);
        var huge = new string('x', 100_000);
        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure(Attacker, huge);
        }

        Assert.False(throttle.Check(Attacker, huge[..AuthThrottle.MaxTokenIdLength] + "different tail").Allowed);
    }

    [Theory]
    [InlineData(0, 10, 60, 1, 60, 100, "FailuresPerToken must be at least 1")]
    [InlineData(3, 0, 60, 1, 60, 100, "FailuresPerSource must be at least 1")]
    [InlineData(3, 10, 0, 1, 60, 100, "Window must be positive")]
    [InlineData(3, 10, 60, 0, 60, 100, "FirstDelay must be positive")]
    [InlineData(3, 10, 60, 10, 5, 100, "MaxDelay (00:00:05) must be at least FirstDelay (00:00:10)")]
    [InlineData(3, 10, 60, 1, 60, 1, "MaxTrackedEntries must be at least 2")]
    public void Wrong_options_are_refused_naming_the_option(int perToken, int perSource, int windowSeconds, int firstSeconds, int maxSeconds, int entries, string expected)
    {
        var options = new AuthThrottleOptions
        {
            FailuresPerToken = perToken,
            FailuresPerSource = perSource,
            Window = TimeSpan.FromSeconds(windowSeconds),
            FirstDelay = TimeSpan.FromSeconds(firstSeconds),
            MaxDelay = TimeSpan.FromSeconds(maxSeconds),
            MaxTrackedEntries = entries,
        };

        var error = Assert.Throws<ArgumentException>(() => new AuthThrottle(options, time));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_are_valid()
    {
        Assert.Null(new AuthThrottleOptions().Problem());
    }
}
