using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.Deployment.Tests;

/// <summary>
/// deploy/monitoring checked with Prometheus's own tool (promtool, from Debian's prometheus package, which test.sh
/// installs): the alerting rules load and behave as their unit tests say, the example configuration loads, every query of
/// the Grafana dashboard parses, and every Sluice metric the rules and the dashboard name is one the server exposes.
/// </summary>
public sealed partial class MonitoringTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly string Folder = Path.Combine(Tool.RepositoryRoot, "deploy", "monitoring");
    private readonly string _scratch = Directory.CreateTempSubdirectory("sluice-monitoring-").FullName;

    [Fact]
    public async Task The_alerting_rules_load_and_pass_their_unit_tests()
    {
        var check = await PromtoolAsync("check", "rules", Path.Combine(Folder, "sluice-alerts.yml"));
        Assert.True(check.ExitCode == 0, check.Describe());
        Assert.Contains("SUCCESS: 7 rules found", check.Stdout, StringComparison.Ordinal);

        var test = await PromtoolAsync("test", "rules", Path.Combine(Folder, "sluice-alerts.test.yml"));
        Assert.True(test.ExitCode == 0, test.Describe());

        var config = await PromtoolAsync("check", "config", Path.Combine(Folder, "prometheus.example.yml"));
        Assert.True(config.ExitCode == 0, config.Describe());
    }

    [Fact]
    public async Task Every_query_of_the_grafana_dashboard_parses()
    {
        var queries = DashboardQueries();
        Assert.True(queries.Count >= 10, $"only {queries.Count} queries in the dashboard");

        // promtool parses PromQL when it checks rules: each query becomes a recording rule, Grafana's variables given values.
        var rules = new System.Text.StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            var expr = queries[i].Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$job", ".*", StringComparison.Ordinal);
            rules.Append("      - record: dashboard:query_").Append(i).Append("\n        expr: ").Append(JsonSerializer.Serialize(expr)).Append('\n');
        }

        var file = Path.Combine(_scratch, "dashboard-queries.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        var check = await PromtoolAsync("check", "rules", file);
        Assert.True(check.ExitCode == 0, check.Describe() + "\n" + rules);
    }

    [Fact]
    public void The_rules_and_the_dashboard_name_only_metrics_the_server_exposes()
    {
        var exposed = ExposedMetrics();
        Assert.Contains("sluice_dispatch_latency_seconds_bucket", exposed);
        Assert.Contains("sluice_runs_total", exposed);

        var named = string.Join('\n', DashboardQueries()) + File.ReadAllText(Path.Combine(Folder, "sluice-alerts.yml"));
        var unknown = MetricName().Matches(named).Select(m => m.Value).Distinct().Where(n => !exposed.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, $"not exposed by the server: {string.Join(", ", unknown)} (exposed: {string.Join(", ", exposed)})");
    }

    /// <summary>
    /// The names Prometheus sees for the instruments of src/Sluice.Server/ServerMetrics.cs: a counter gains
    /// <c>_total</c>, a histogram in seconds <c>_seconds_bucket</c>, <c>_sum</c> and <c>_count</c>.
    /// </summary>
    private static HashSet<string> ExposedMetrics()
    {
        var source = File.ReadAllText(Path.Combine(Tool.RepositoryRoot, "src", "Sluice.Server", "ServerMetrics.cs"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match instrument in Instrument().Matches(source))
        {
            var (kind, name, unit) = (instrument.Groups["kind"].Value, instrument.Groups["name"].Value, instrument.Groups["unit"].Value);
            switch (kind)
            {
                case "Counter":
                    names.Add(name + "_total");
                    break;
                case "Histogram":
                    var stem = unit == "s" ? name + "_seconds" : name;
                    names.UnionWith([stem + "_bucket", stem + "_sum", stem + "_count"]);
                    break;
                default:
                    names.Add(name);
                    break;
            }
        }

        return names;
    }

    private static List<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "grafana-dashboard.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> PromtoolAsync(params string[] args)
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("promtool is not installed: test.sh installs Debian's prometheus package (apt-get install prometheus)");
        return await Tool.RunAsync(Patience, promtool, args);
    }

    [GeneratedRegex(@"Create(?<kind>Counter|Histogram|ObservableGauge)(<\w+>)?\(""(?<name>sluice_\w+)""(, ""(?<unit>\w+)"")?")]
    private static partial Regex Instrument();

    [GeneratedRegex(@"\bsluice_[a-z_]+\b")]
    private static partial Regex MetricName();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
