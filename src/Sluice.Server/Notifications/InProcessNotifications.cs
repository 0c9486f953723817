namespace Sluice.Server.Notifications;

/// <summary>One server on its own store (SQLite): a pulse already woke every waiter there is, so nothing is sent.</summary>
public sealed class InProcessNotifications : IServerNotifications
{
    public static InProcessNotifications Instance { get; } = new();

    private InProcessNotifications()
    {
    }

    public void Publish(string topic)
    {
    }

    public Task RunAsync(CancellationToken stopping) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
