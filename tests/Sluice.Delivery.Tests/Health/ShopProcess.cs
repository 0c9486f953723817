using System.Diagnostics;
using System.Net;

namespace Sluice.Delivery.Tests.Health;

/// <summary>
/// The sample shop (samples/shop/src/Shop.Api) as a real process on a free loopback port, built once per test run in
/// Release into a folder of the test project's own under artifacts/ (so its build never meets another); killed when disposed.
/// </summary>
public sealed class ShopProcess : IAsyncDisposable
{
    private static readonly TimeSpan BuildWithin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);
    private static readonly Lazy<Task<string>> Build = new(BuildAsync);

    private readonly Process _process;
    private readonly List<string> _output = [];
    private int _disposed;

    private ShopProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port}/");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    public int Port { get; }

    public Uri Url { get; }

    /// <summary>Its address as Prometheus's scrape target: <c>127.0.0.1:port</c>.</summary>
    public string Target => $"127.0.0.1:{Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(60));
            }
        }
    }

    /// <summary>Starts the shop with <c>Shop__FaultRate</c> = <paramref name="faultRate"/>, and waits until <c>/healthz</c> answers.</summary>
    public static async Task<ShopProcess> StartAsync(double faultRate, CancellationToken ct)
    {
        var folder = await Build.Value.WaitAsync(BuildWithin, ct);
        var port = PrometheusProcess.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[] { Path.Combine(folder, "Shop.Api.dll"), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Shop__FaultRate"] = faultRate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start };
        var shop = new ShopProcess(process, port);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await shop.WaitUntilReadyAsync(ct);
            return shop;
        }
        catch
        {
            await shop.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends requests to the shop's catalog, a few at a time, until <paramref name="ct"/> is cancelled; answers are not judged.</summary>
    public async Task DriveLoadAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var products = await http.GetAsync("products", ct);
                    using var product = await http.GetAsync("products/tea-sencha", ct);
                }
                catch (HttpRequestException)
                {
                    // The shop was killed: the load goes on failing until the test stops it.
                }

                // Pacing, so that two cores are left for Prometheus and the test.
                await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Kills the shop; a second call does nothing, so a test may kill it early.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // It has exited.
        }
        catch (OperationCanceledException)
        {
            // It did not exit after a kill; nothing more a test can do.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ReadyWithin);
        try
        {
            while (!_process.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync("healthz", deadline.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Reported below.
        }

        throw new InvalidOperationException($"the shop did not answer /healthz within {ReadyWithin.TotalSeconds} s{(_process.HasExited ? $" (it exited with {_process.ExitCode})" : "")}:\n{Output}");
    }

    private static async Task<string> BuildAsync()
    {
        var root = RepositoryRoot();
        // One folder per test project under the repository's (ignored) artifacts: builds of two test projects running at
        // once never meet, and the next run builds only what changed.
        var artifacts = Path.Combine(root, "artifacts", "shop-for-tests", typeof(ShopProcess).Assembly.GetName().Name!);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            "build", Path.Combine(root, "samples", "shop", "src", "Shop.Api", "Shop.Api.csproj"),
            "-c", "Release", "--artifacts-path", artifacts, "--verbosity", "quiet", "-consoleLoggerParameters:NoSummary",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the shop failed (exit {build.ExitCode}):\n{await output}\n{await errors}");
        }

        return Path.Combine(artifacts, "bin", "Shop.Api", "release");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sluice.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Sluice.slnx above {AppContext.BaseDirectory}: the tests run from the repository's build output.");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
