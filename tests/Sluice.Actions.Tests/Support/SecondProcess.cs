using System.Diagnostics;

namespace Sluice.Actions.Tests.Support;

/// <summary>Another process on the machine asking the same cache for a repository: this test assembly, run by dotnet.</summary>
public static class SecondProcess
{
    /// <summary>In the second process: one GetAsync, saying "waiting" (once) when another process holds the entry.</summary>
    public static async Task<int> GetAsync(string cache, string host, string owner, string repository, string reference)
    {
        using var store = new ActionStore(new ActionStoreOptions { CacheDirectory = cache, Host = ActionsHost.Parse(host) }, TimeProvider.System);
        var said = 0;
        store.Hooks.WaitingForLock = _ =>
        {
            if (Interlocked.Exchange(ref said, 1) == 0)
            {
                Console.WriteLine("waiting");
                Console.Out.Flush();
            }
        };
        try
        {
            var fetched = await store.GetAsync(new RepositoryRef(owner, repository, reference), CancellationToken.None).Timed();
            Console.WriteLine($"got {fetched.Commit} downloaded={fetched.Downloaded} folder={fetched.Folder}");
            return 0;
        }
        catch (ActionFetchException ex)
        {
            Console.WriteLine($"failed {ex.Failure}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>In the test: starts the second process with its standard output redirected.</summary>
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(SecondProcess).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";
}
