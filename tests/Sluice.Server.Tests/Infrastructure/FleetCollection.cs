namespace Sluice.Server.Tests.Infrastructure;

/// <summary>
/// The tests of this project each start a server, agents and a worker process per job: they run one at a time, so
/// that a busy two-core machine gives each fleet the time its leases and waits assume.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FleetCollection
{
    public const string Name = "fleet";

    /// <summary>How long one test may take in all before it fails.</summary>
    public const int TestTimeout = 300_000;
}
