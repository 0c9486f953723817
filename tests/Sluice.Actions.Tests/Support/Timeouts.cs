namespace Sluice.Actions.Tests.Support;

/// <summary>Every await in these tests has a deadline, so a hang fails a test instead of the run.</summary>
public static class Timeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    public static Task<T> Timed<T>(this Task<T> task) => task.WaitAsync(Default);

    public static Task Timed(this Task task) => task.WaitAsync(Default);
}
