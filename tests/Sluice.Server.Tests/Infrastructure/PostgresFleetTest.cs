namespace Sluice.Server.Tests.Infrastructure;

/// <summary>
/// A test of a fleet whose servers keep their records in a PostgreSQL schema of the test's own: the schema is made
/// before the test, and dropped only once the fleet's processes have stopped (xunit calls <see cref="DisposeAsync"/>
/// before any Dispose, so servers still running would otherwise meet a vanishing schema).
/// </summary>
public abstract class PostgresFleetTest : IAsyncLifetime
{
    protected Fleet Fleet { get; } = new();

    protected PostgresTestSchema Schema { get; private set; } = null!;

    public async Task InitializeAsync() => Schema = await PostgresTestSchema.CreateAsync();

    public async Task DisposeAsync()
    {
        Fleet.Dispose();
        await Schema.DisposeAsync();
    }
}
