using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Sluice.Delivery.Tests.Health;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package, which test.sh installs) on a free loopback port, with a
/// configuration and storage folder of its own, scraping the given targets every second; killed and its folder deleted
/// when disposed. Self-contained, so other test projects can link this file
/// (<c>&lt;Compile Include="..\Sluice.Delivery.Tests\Health\PrometheusProcess.cs" /&gt;</c>).
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private const int KeptLines = 60;

    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;
    private readonly Queue<string> _log = new();

    private PrometheusProcess(Process process, string folder, Uri url)
    {
        _process = process;
        _folder = folder;
        Url = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    /// <summary>The base URL of its HTTP API, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Its last lines of output, for a failing test's message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>The prometheus executable: <c>SLUICE_TEST_PROMETHEUS</c>, else Debian's <c>/usr/bin/prometheus</c>, else one on the PATH; null when none.</summary>
    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("SLUICE_TEST_PROMETHEUS"), "/usr/bin/prometheus" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "prometheus")))
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (<c>host:port</c>, path /metrics) every second, and waits until <c>/-/ready</c> answers.</summary>
    public static async Task<PrometheusProcess> StartAsync(IReadOnlyList<string> targets, CancellationToken ct)
    {
        var executable = Executable ?? throw new InvalidOperationException(
            "prometheus is not installed: install Debian's package (apt-get install prometheus; test.sh does), or set SLUICE_TEST_PROMETHEUS to the executable.");
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            var folder = Directory.CreateTempSubdirectory("sluice-prometheus-").FullName;
            var config = Path.Combine(folder, "prometheus.yml");
            await File.WriteAllTextAsync(config, Configuration(targets), ct);
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            foreach (var argument in new[]
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--storage.tsdb.retention.time=1h",
                "--log.level=warn",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = start };
            var prometheus = new PrometheusProcess(process, folder, new Uri($"http://127.0.0.1:{port}/"));
            bool ready;
            try
            {
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                ready = await prometheus.WaitUntilReadyAsync(ct);
            }
            catch
            {
                await prometheus.DisposeAsync();
                throw;
            }

            if (ready)
            {
                return prometheus;
            }

            // Most likely another process took the port between choosing it and binding it: try another.
            failures.Add($"attempt {attempt + 1} on port {port}: {(process.HasExited ? $"exited with {process.ExitCode}" : "not ready")}\n{prometheus.Log}");
            await prometheus.DisposeAsync();
        }

        throw new InvalidOperationException($"Prometheus did not become ready:\n{string.Join("\n", failures)}");
    }

    /// <summary>The value of an instant query that gives one number, or null (no data, several series, NaN, an error).</summary>
    public async Task<double?> QueryAsync(string promql, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}", ct);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = answer.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            return null;
        }

        var data = root.GetProperty("data");
        var value = data.GetProperty("resultType").GetString() switch
        {
            "scalar" => data.GetProperty("result"),
            "vector" when data.GetProperty("result").GetArrayLength() == 1 => data.GetProperty("result")[0].GetProperty("value"),
            _ => default,
        };
        return value.ValueKind == JsonValueKind.Array
            && double.TryParse(value[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && !double.IsNaN(number)
                ? number
                : null;
    }

    /// <summary>Polls the query until its value satisfies <paramref name="until"/> (by default: until it has one), within a bounded time.</summary>
    public async Task<double> WaitForValueAsync(string promql, TimeSpan within, Func<double, bool>? until = null, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        double? last = null;
        try
        {
            while (true)
            {
                last = await QueryAsync(promql, deadline.Token);
                if (last is { } value && (until?.Invoke(value) ?? true))
                {
                    return value;
                }

                await Task.Delay(Poll, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"the query {promql} had no awaited value within {within.TotalSeconds} s (last: {last?.ToString(CultureInfo.InvariantCulture) ?? "no data"}). Prometheus said:\n{Log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // It was not started, or has exited.
        }
        catch (OperationCanceledException)
        {
            // It did not exit after a kill; nothing more a test can do.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temp folder's cleaner takes it.
        }
    }

    /// <summary>A TCP port free on 127.0.0.1 just now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ReadyWithin);
        try
        {
            while (!_process.HasExited)
            {
                try
                {
                    using var response = await _http.GetAsync("-/ready", deadline.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return true;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(Poll, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Not ready in time.
        }

        return false;
    }

    private static string Configuration(IReadOnlyList<string> targets) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: targets
            static_configs:
              - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]
        """;

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > KeptLines)
            {
                _log.Dequeue();
            }
        }
    }
}
