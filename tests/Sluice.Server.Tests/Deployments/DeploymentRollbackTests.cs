using System.Globalization;
using System.Net;
using Sluice.Delivery.Tests.Health;
using Sluice.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sluice.Server.Tests.Deployments;

/// <summary>
/// The shop's deploy workflow (samples/shop/.github/workflows/deploy.yml) on a real server and agent, in real time: it
/// runs the shop on this machine as staging and production, a real Prometheus scrapes both, and the health gates of
/// .sluice/environments.yml judge them while this test sends requests to both. A version that answers half its
/// requests with 500 breaches staging's gate and is rolled back to the last healthy one without anyone's help.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DeploymentRollbackTests(ITestOutputHelper output) : IDisposable
{
    private const string Repository = "shop";

    // Judged as "answering again": this many 200s in a row (the bad version fails every second request).
    private const int AnswersInARow = 25;

    private readonly Fleet _fleet = new();

    private string DeployRoot => Path.Combine(_fleet.Root.Path, "deploys");

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_bad_version_breaches_staging_health_gate_fails_its_run_and_the_good_version_is_deployed_again_by_itself()
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var stagingPort = PrometheusProcess.FreePort();
        var productionPort = PrometheusProcess.FreePort();
        var prometheusStarting = PrometheusProcess.StartAsync([$"127.0.0.1:{stagingPort}", $"127.0.0.1:{productionPort}"], CancellationToken.None);
        await _fleet.StartServerAsync();
        await _fleet.StartAgentAsync("deployer");
        await using var prometheus = await prometheusStarting.WaitAsync(Fleet.Patience);
        var shop = _fleet.Repository(Repository, [.. ShopFiles(), (".sluice/environments.yml", EnvironmentsFile(prometheus.Url, stagingPort, productionPort))]);
        var good = shop.Head;
        await _fleet.AddRepositoryAsync(Repository, shop);
        await SetEnvironmentAsync("staging", new EnvironmentRequest([], 0, [], null), ("STAGING_PORT", stagingPort));
        await SetEnvironmentAsync("production", new EnvironmentRequest(["alice"], 0, ["main"], null), ("PRODUCTION_PORT", productionPort));
        var alice = await _fleet.Api.SendAsync(HttpMethod.Post, "api/v1/tokens", new TokenCreate("trigger", null, "alice", Owner: "user:alice"), ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenCreated, CancellationToken.None);
        using var asAlice = new ApiClient(_fleet.Url, alice!.Token, Fleet.Patience);
        await using var stagingLoad = new ShopLoad(stagingPort, time);
        await using var productionLoad = new ShopLoad(productionPort, time);

        // Run 1, the good version: staging verifies healthy, production waits for alice, then verifies healthy too.
        var first = await DeployAsync();
        var waiting = await WaitForDeploymentAsync("production", d => d.RunId == first.Id, "waiting", "production waiting for its reviewer");
        var run = await _fleet.RunAsync(first.Id);
        Assert.Equal("in_progress", run.Status);
        Assert.Contains("Waiting for a review by alice", run.Jobs.Single(j => j.Key == "production").Waiting, StringComparison.Ordinal);
        Assert.Equal("success", (await DeploymentOfRunAsync("staging", first.Id)).Status);
        await asAlice.SendAsync(HttpMethod.Post, $"api/v1/deployments/{waiting.Id}/review", new DeploymentReviewRequest(true, "ship it"), ProtocolJson.Default.DeploymentReviewRequest, ProtocolJson.Default.DeploymentView, CancellationToken.None);
        run = await _fleet.WaitForEndAsync(first.Id);
        Assert.True(run.Conclusion == "success", $"{Fleet.Describe(run)}\n{await _fleet.LogTextAsync(first.Id)}");
        var (staging, production) = (await DeploymentOfRunAsync("staging", first.Id), await DeploymentOfRunAsync("production", first.Id));
        Assert.Equal([("success", good), ("success", good)], [(staging.Status, staging.Sha), (production.Status, production.Sha)]);
        output.WriteLine($"deployment URLs: staging {staging.Url}, production {production.Url}");
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(stagingPort));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(productionPort));
        output.WriteLine($"run 1 (good version {good[..7]}) deployed and verified both environments after {time.GetElapsedTime(started).TotalSeconds:F0} s");

        // Run 2, a version that answers every second request with 500: staging breaches, production never deploys.
        var bad = shop.Commit("a bad version", ("src/Shop.Api/appsettings.json", AppSettings(0.5)));
        var second = await DeployAsync();
        Assert.Equal(bad, second.Sha);
        var failed = await WaitForDeploymentAsync("staging", d => d.RunId == second.Id, "failure", "the bad version's staging breach");
        var breachAt = failed.FailedAt!.Value;
        run = await _fleet.WaitForEndAsync(second.Id);
        Assert.Equal("failure", run.Conclusion);
        Assert.NotEqual("success", run.Jobs.Single(j => j.Key == "production").Conclusion);
        Assert.DoesNotContain(await DeploymentsAsync("production"), d => d.RunId == second.Id);
        Assert.Contains("error rate", failed.Detail, StringComparison.Ordinal);
        Assert.True(stagingLoad.ServerErrorsAfter(breachAt - TimeSpan.FromSeconds(30)) > 0, "the load never met the bad version");

        // The rollback starts by itself, deploys the good version to staging again without a review, and verifies it.
        var rollback = await WaitForDeploymentAsync("staging", d => d.RollbackOf == failed.Id, "success", "the rollback verified healthy");
        Assert.Equal(good, rollback.Sha);
        Assert.Equal(first.Id, (await _fleet.RunAsync(rollback.RunId)).RerunOf);
        Assert.Empty(rollback.Reviews);
        await WaitForDeploymentAsync("staging", d => d.Id == failed.Id, "rolled_back", "the bad deployment marked rolled back");
        var answering = await WaitForAsync(() => Task.FromResult(stagingLoad.AnsweringSince(breachAt, AnswersInARow)), a => a is not null, "staging answering 200 again");
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(stagingPort));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(productionPort));

        // Production was not rolled back, so the rollback leaves it alone: it keeps what it deployed and never stops answering.
        var rolledBack = await _fleet.WaitForEndAsync(rollback.RunId);
        Assert.True(rolledBack.Conclusion == "success", Fleet.Describe(rolledBack));
        var kept = rolledBack.Jobs.Single(j => j.Key == "production");
        Assert.Equal(("success", 0, null), (kept.Conclusion, kept.Attempt, kept.Agent));
        Assert.Equal([first.Id], (await DeploymentsAsync("production")).Select(d => d.RunId));
        Assert.Equal(0, productionLoad.Answers.Count(a => a.At > breachAt && a.Status != (int)HttpStatusCode.OK));

        var restored = answering!.Value - breachAt;
        var figure = $"{time.GetUtcNow():O} breach at {breachAt:O}, staging answering 200 again (good version, {AnswersInARow} in a row) at {answering:O}: " +
            $"{restored.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s; rollback deployment {rollback.Id} healthy at {rollback.HealthyAt:O}; whole test {time.GetElapsedTime(started).TotalSeconds:F0} s";
        output.WriteLine(figure);
        output.WriteLine($"staging's answers from 3 s before the breach: {stagingLoad.Timeline(breachAt - TimeSpan.FromSeconds(3), answering.Value + TimeSpan.FromSeconds(1))}");
        output.WriteLine($"bad deployment {failed.Id}: deployed {failed.DeployedAt:HH:mm:ss.fff}, failed {breachAt:HH:mm:ss.fff}: {failed.Detail}");
        output.WriteLine($"rollback deployment {rollback.Id} (run {rollback.RunId}): created {rollback.CreatedAt:HH:mm:ss.fff}, started {rollback.StartedAt:HH:mm:ss.fff}, deployed {rollback.DeployedAt:HH:mm:ss.fff}, healthy {rollback.HealthyAt:HH:mm:ss.fff}");
        output.WriteLine($"production's answers meanwhile: {productionLoad.Timeline(breachAt - TimeSpan.FromSeconds(3), time.GetUtcNow())}");
        var figures = Path.Combine(RepositoryRoot(), "artifacts", "deployment-rollback");
        Directory.CreateDirectory(figures);
        await File.AppendAllTextAsync(Path.Combine(figures, "breach-to-answering.txt"), figure + Environment.NewLine);
    }

    [Fact]
    public void The_shops_own_environments_file_reads_without_problems_and_gates_both_environments()
    {
        var path = Path.Combine(RepositoryRoot(), "samples", "shop", ".sluice", "environments.yml");

        var read = Sluice.Delivery.Health.EnvironmentsFileReader.Read(".sluice/environments.yml", File.ReadAllText(path));

        Assert.Empty(read.Errors);
        Assert.Equal(["production", "staging"], read.File!.Environments.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        // The shops the workflow started outlive its jobs by design: stop them, and again once the agent is gone (a
        // deploy it was running when the test ended may have started one meanwhile).
        StopShops();
        _fleet.Dispose();
        StopShops();
    }

    /// <summary>Kills every shop process that runs from a release folder under <see cref="DeployRoot"/>.</summary>
    private void StopShops()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(directory, "cwd")).LinkTarget;
                if (cwd is null || !cwd.StartsWith(DeployRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    || !File.ReadAllText(Path.Combine(directory, "cmdline")).Contains("Shop.Api.dll", StringComparison.Ordinal))
                {
                    continue;
                }

                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(30));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
    }

    private async Task SetEnvironmentAsync(string environment, EnvironmentRequest rules, (string Name, int Port) port)
    {
        await _fleet.Api.SendAsync(HttpMethod.Put, $"api/v1/repos/{Repository}/environments/{environment}", rules, ProtocolJson.Default.EnvironmentRequest, ProtocolJson.Default.EnvironmentView, CancellationToken.None);
        foreach (var (name, value) in new[] { (port.Name, port.Port.ToString(CultureInfo.InvariantCulture)), ("SHOP_DEPLOY_ROOT", DeployRoot) })
        {
            await _fleet.Api.SendAsync(HttpMethod.Put, $"api/v1/repos/{Repository}/environments/{environment}/variables/{name}", new EnvironmentVariableValue(value), ProtocolJson.Default.EnvironmentVariableValue, ProtocolJson.Default.EnvironmentView, CancellationToken.None);
        }
    }

    /// <summary>Starts the deploy workflow as a user does (it runs on workflow_dispatch only).</summary>
    private async Task<RunView> DeployAsync()
    {
        var started = await _fleet.Api.SendAsync(HttpMethod.Post, $"api/v1/repos/{Repository}/runs", new TriggerRequest("workflow_dispatch", null, null, "deploy.yml"), ProtocolJson.Default.TriggerRequest, ProtocolJson.Default.TriggerResponse, CancellationToken.None);
        return Assert.Single(started!.Runs);
    }

    private async Task<IReadOnlyList<DeploymentView>> DeploymentsAsync(string environment) =>
        (await _fleet.Api.GetAsync($"api/v1/repos/{Repository}/deployments?env={environment}", ProtocolJson.Default.IReadOnlyListDeploymentView, CancellationToken.None))!;

    private async Task<DeploymentView> DeploymentOfRunAsync(string environment, long runId) =>
        (await DeploymentsAsync(environment)).Single(d => d.RunId == runId);

    /// <summary>Waits until the environment's deployment that <paramref name="which"/> picks has <paramref name="status"/>; a run that ends first, or a deployment that fails instead, says why.</summary>
    private async Task<DeploymentView> WaitForDeploymentAsync(string environment, Func<DeploymentView, bool> which, string status, string what)
    {
        DeploymentView? last = null;
        try
        {
            var found = await WaitForAsync(
                async () => last = (await DeploymentsAsync(environment)).FirstOrDefault(which),
                d => d?.Status == status || (d?.Status is "failure" or "rolled_back" or "inactive" && d.Status != status),
                what);
            if (found!.Status != status)
            {
                throw new InvalidOperationException($"{what}: the deployment ended {found.Status} ({found.Detail})\n{await _fleet.LogTextAsync(found.RunId)}");
            }

            return found;
        }
        catch (TimeoutException ex)
        {
            var log = last is null ? "" : await _fleet.LogTextAsync(last.RunId);
            throw new TimeoutException($"{ex.Message}; last seen: {last?.Status ?? "no deployment"} {last?.Detail}\n{log}", ex);
        }
    }

    /// <summary>Looks again every quarter second until <paramref name="until"/> holds, within <see cref="Fleet.Patience"/>.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> look, Func<T, bool> until, string what)
    {
        using var deadline = new CancellationTokenSource(Fleet.Patience);
        while (true)
        {
            var seen = await look().WaitAsync(deadline.Token);
            if (until(seen))
            {
                return seen;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no {what} within {Fleet.Patience.TotalSeconds} s");
            }
        }
    }

    private static async Task<HttpStatusCode> StatusOfAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var answer = await http.GetAsync($"http://127.0.0.1:{port}/products/tea-sencha");
        return answer.StatusCode;
    }

    /// <summary>The shop's files as git has them (tracked, or new and not ignored), relative to samples/shop.</summary>
    private static (string Path, string Content)[] ShopFiles()
    {
        var root = RepositoryRoot();
        var listed = GitCli.Run(root, "ls-files", "--cached", "--others", "--exclude-standard", "--", "samples/shop");
        return [.. listed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Path.Combine(root, f)))
            .Select(f => (f["samples/shop/".Length..], File.ReadAllText(Path.Combine(root, f))))];
    }

    private static string AppSettings(double faultRate) => File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "shop", "src", "Shop.Api", "appsettings.json"))
        .Replace("\"FaultRate\": 0", $"\"FaultRate\": {faultRate.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);

    /// <summary>
    /// The shop's health gates, short enough for a test: 2 s between samples over a 20 s window, queries over the last
    /// 5 s (shorter than the time from a deploy step stopping the old version to the first sample of the new one, so
    /// that a version is never judged by its predecessor's last requests), one failed sample tolerated.
    /// </summary>
    private static string EnvironmentsFile(Uri prometheus, int stagingPort, int productionPort) => $$"""
        environments:
        {{Gate(prometheus, "staging", stagingPort)}}
        {{Gate(prometheus, "production", productionPort)}}
        """;

    private static string Gate(Uri prometheus, string name, int port) => $$"""
          {{name}}:
            prometheus: {{prometheus.ToString().TrimEnd('/')}}
            window: 20s
            interval: 2s
            failure-limit: 1
            inconclusive-limit: 4
            queries:
              error_rate: (sum(rate(shop_requests_total{instance="127.0.0.1:{{port}}",code=~"5.."}[5s])) or vector(0)) / sum(rate(shop_requests_total{instance="127.0.0.1:{{port}}"}[5s]))
              p95: histogram_quantile(0.95, sum by (le) (rate(shop_request_duration_seconds_bucket{instance="127.0.0.1:{{port}}"}[5s])))
            probes:
              healthz: { url: http://127.0.0.1:{{port}}/healthz, status: 200, timeout: 2s }
            conditions:
              - error rate under 5%: queries.error_rate < 0.05
              - p95 under 1 s: queries.p95 < 1
              - healthz answers: probes.healthz.ok
        """;

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sluice.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Sluice.slnx above {AppContext.BaseDirectory}");
    }
}
