using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Sluice.Actions.Tests.Support;

/// <summary>
/// Times the store against the loopback host, as a script measurement (not a test):
/// <c>dotnet tests/Sluice.Actions.Tests/bin/Release/net10.0/Sluice.Actions.Tests.dll measure [COLD] [WARM]</c>.
/// The repository is shaped like a bundled JavaScript action (one 1 MB dist/index.js and 40 small files). Each
/// line gives the median and 90th percentile of one way of asking, and the HTTP requests each made.
/// </summary>
public static class Measurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cold = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var warm = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        using var scratch = new Scratch();
        await using var host = new GitHttpHost(scratch.Sub("served"));
        var repository = new TestRepository(host.Root, scratch.Sub("work"), "acme", "bundled");
        var files = new List<(string, string)> { ("action.yml", "name: bundled\nruns:\n  using: node20\n  main: dist/index.js\n"), ("dist/index.js", Javascript(1_000_000)) };
        files.AddRange(Enumerable.Range(0, 40).Select(i => ($"src/part{i}.ts", Javascript(2_000))));
        var commit = repository.Commit("bundle", [.. files]);
        repository.Tag("v1");
        repository.Publish();

        Console.WriteLine($"git {GitCli.Run(scratch.Path, "--version").Replace("git version ", "", StringComparison.Ordinal)}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"{"way of asking",-52} {"runs",5} {"median ms",10} {"p90 ms",8} {"requests",9}");
        await TimeAsync("cold: new cache, by full SHA", cold, host, i => Store(scratch, $"cold-sha-{i}", host), commit);
        await TimeAsync("cold: new cache, by tag", cold, host, i => Store(scratch, $"cold-tag-{i}", host), "v1");
        await TimeAsync("cold: new cache, by tag, from a file:// host", cold, host, i => Store(scratch, $"cold-file-{i}", host, new ActionsHost(new Uri(host.Root))), "v1");
        const string warmCache = "warm";
        using (var filling = Store(scratch, warmCache, host))
        {
            await filling.GetAsync(new RepositoryRef("acme", "bundled", "v1"), CancellationToken.None);
        }

        await TimeAsync("cached: new store (a new run), by full SHA", warm, host, _ => Store(scratch, warmCache, host), commit);
        await TimeAsync("cached: new store (a new run), by tag (ls-remote)", warm / 4, host, _ => Store(scratch, warmCache, host), "v1");
        using var same = Store(scratch, warmCache, host);
        await TimeAsync("cached: same store again (the same run), by tag", warm, host, _ => same, "v1", disposeStore: false);
        return 0;
    }

    private static ActionStore Store(Scratch scratch, string cache, GitHttpHost host, ActionsHost? instead = null) =>
        new(new ActionStoreOptions { CacheDirectory = Path.Combine(scratch.Path, cache), Host = instead ?? new ActionsHost(host.BaseUrl) }, TimeProvider.System);

    private static async Task TimeAsync(string what, int runs, GitHttpHost host, Func<int, ActionStore> store, string reference, bool disposeStore = true)
    {
        var times = new List<double>();
        var before = host.Requests.Count;
        for (var i = 0; i < runs; i++)
        {
            var chosen = store(i);
            var clock = Stopwatch.StartNew();
            await chosen.GetAsync(new RepositoryRef("acme", "bundled", reference), CancellationToken.None).Timed();
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (disposeStore)
            {
                chosen.Dispose();
            }
        }

        times.Sort();
        var requests = (host.Requests.Count - before) / (double)runs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-52} {runs,5} {times[times.Count / 2],10:0.000} {times[(int)(times.Count * 0.9)],8:0.000} {requests,9:0.#}"));
    }

    /// <summary>Text shaped like bundled JavaScript, so git compresses it as it would a real action.</summary>
    private static string Javascript(int length)
    {
        var text = new StringBuilder(length + 64);
        var random = new Random(length);
        while (text.Length < length)
        {
            text.Append(CultureInfo.InvariantCulture, $"function f{random.Next()}(a, b) {{ return a * {random.Next(1000)} + b; }}\n");
        }

        return text.ToString(0, length);
    }
}
