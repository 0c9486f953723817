using Sluice.Protocol;

namespace Sluice.Server.Api.Tests.Failover;

/// <summary>The waits between tries: none while a pass over the URLs has URLs left, a doubling backoff between passes.</summary>
public sealed class FailoverPolicyTests
{
    private static readonly FailoverPolicy Policy = new(4, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));

    [Fact]
    public void With_three_urls_only_the_end_of_each_pass_waits()
    {
        var waits = Enumerable.Range(0, 9).Select(attempt => Policy.DelayAfter(attempt, 3).TotalMilliseconds);

        Assert.Equal([0, 0, 250, 0, 0, 500, 0, 0, 1000], waits);
    }

    [Fact]
    public void With_one_url_every_retry_waits_and_the_wait_stops_growing_at_its_cap()
    {
        var waits = Enumerable.Range(0, 6).Select(attempt => Policy.DelayAfter(attempt, 1).TotalMilliseconds);

        Assert.Equal([250, 500, 1000, 1000, 1000, 1000], waits);
    }
}
