namespace Sluice.Server.Storage.Tests;

/// <summary>Every await in these tests has a deadline, so a store that hangs fails its test instead of the whole run.</summary>
public static class Deadlines
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>For the property and concurrency tests, which make thousands of store calls.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    public static Task<T> Timed<T>(this Task<T> task, TimeSpan? deadline = null) => task.WaitAsync(deadline ?? Default);

    public static Task Timed(this Task task, TimeSpan? deadline = null) => task.WaitAsync(deadline ?? Default);
}
