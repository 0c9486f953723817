namespace Sluice.Actions.Tests.Support;

/// <summary>Placeholder replaced below.</summary>
public static class Measurement
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length);
}
