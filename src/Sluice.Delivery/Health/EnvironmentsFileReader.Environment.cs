using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Expressions;

namespace Sluice.Delivery.Health;

public static partial class EnvironmentsFileReader
{
    private const int MaxEntries = 100;
    private const int MaxQueryLength = 8192;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);
    private static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromMinutes(1);
    private const int DefaultInconclusiveLimit = 2;

    private static readonly string[] EnvironmentKeys =
        ["prometheus", "window", "interval", "initial-delay", "failure-limit", "inconclusive-limit", "queries", "probes", "conditions", "rollback"];

    private static readonly string[] ProbeProperties = ["status", "ok", "seconds"];

    /// <summary>Conditions read <c>queries</c> and <c>probes</c>, and call only the built-in functions.</summary>
    internal static readonly ExpressionParserOptions ConditionOptions = new()
    {
        NamedValues = [HealthReferences.QueriesName, HealthReferences.ProbesName],
        Functions = [],
    };

    private static EnvironmentHealth? ReadEnvironment(HealthYaml.Scalar name, HealthYaml node, Errors errors)
    {
        var before = errors.Count;
        if (node is not HealthYaml.Map settings)
        {
            errors.Add(node.Line, $"the environment '{name.Value}' needs settings: at least 'conditions', and the 'queries' or 'probes' they read.");
            return null;
        }

        Uri? prometheus = null;
        var window = DefaultWindow;
        var interval = DefaultInterval;
        var initialDelay = TimeSpan.Zero;
        int windowLine = settings.Line;
        var failureLimit = 0;
        var inconclusiveLimit = DefaultInconclusiveLimit;
        var queries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var probes = new Dictionary<string, HttpProbe>(StringComparer.OrdinalIgnoreCase);
        var conditionNodes = new List<(string Name, string Expression, int Line)>();
        string? rollback = null;
        foreach (var (key, value) in settings.Entries)
        {
            switch (key.Value)
            {
                case "prometheus":
                    prometheus = HttpUrl(value, "'prometheus'", errors);
                    break;
                case "window":
                    window = Duration(value, "'window'", TimeSpan.FromSeconds(1), MaxWindow, errors) ?? window;
                    windowLine = value.Line;
                    break;
                case "interval":
                    interval = Duration(value, "'interval'", TimeSpan.FromSeconds(1), MaxWindow, errors) ?? interval;
                    break;
                case "initial-delay":
                    initialDelay = Duration(value, "'initial-delay'", TimeSpan.Zero, MaxWindow, errors) ?? initialDelay;
                    break;
                case "failure-limit":
                    failureLimit = Count(value, "'failure-limit'", errors) ?? failureLimit;
                    break;
                case "inconclusive-limit":
                    inconclusiveLimit = Count(value, "'inconclusive-limit'", errors) ?? inconclusiveLimit;
                    break;
                case "queries":
                    ReadQueries(value, queries, errors);
                    break;
                case "probes":
                    ReadProbes(value, probes, errors);
                    break;
                case "conditions":
                    ReadConditions(value, conditionNodes, errors);
                    break;
                case "rollback":
                    rollback = ReadRollback(value, errors);
                    break;
                default:
                    errors.Add(key.Line, $"unknown key '{key.Value}' in the environment '{name.Value}'. An environment has {string.Join(", ", EnvironmentKeys.Select(k => $"'{k}'"))}.");
                    break;
            }
        }

        if (window < interval)
        {
            errors.Add(windowLine, $"the window ({HealthDuration.Format(window)}) is shorter than the interval between samples ({HealthDuration.Format(interval)}); make the window at least one interval long.");
        }

        if (queries.Count > 0 && prometheus is null && !settings.Entries.Any(e => e.Key.Value == "prometheus"))
        {
            errors.Add(settings.Line, $"the environment '{name.Value}' has queries but no 'prometheus': give the URL of the Prometheus that answers them, such as http://127.0.0.1:9090.");
        }

        if (conditionNodes.Count == 0 && !settings.Entries.Any(e => e.Key.Value == "conditions"))
        {
            errors.Add(settings.Line, $"the environment '{name.Value}' has no 'conditions': add the conditions that must hold after a deploy, such as '- queries.error_rate < 0.05'.");
        }

        var conditions = CheckConditions(conditionNodes, queries, probes, errors);
        return errors.Count > before
            ? null
            : new EnvironmentHealth(name.Value, prometheus, window, interval, failureLimit, inconclusiveLimit, queries, probes, conditions, rollback) { InitialDelay = initialDelay };
    }

    private static void ReadQueries(HealthYaml node, Dictionary<string, string> queries, Errors errors)
    {
        if (node is not HealthYaml.Map map)
        {
            errors.Add(node.Line, "'queries' maps a name to a PromQL query, such as 'error_rate: sum(rate(http_requests_total{code=~\"5..\"}[1m])) / sum(rate(http_requests_total[1m]))'.");
            return;
        }

        foreach (var (key, value) in map.Entries.Take(MaxEntries + 1))
        {
            if (queries.Count == MaxEntries)
            {
                errors.Add(key.Line, $"more than {MaxEntries} queries; keep the ones the conditions need.");
                return;
            }

            if (!EntryName(key, "query", queries.ContainsKey(key.Value), errors))
            {
                continue;
            }

            if (value is not HealthYaml.Scalar { IsNull: false } query || query.Value.Trim().Length == 0)
            {
                errors.Add(value.Line, $"the query '{key.Value}' is a PromQL expression giving one number.");
                continue;
            }

            if (query.Value.Length > MaxQueryLength)
            {
                errors.Add(value.Line, $"the query '{key.Value}' is longer than {MaxQueryLength} characters.");
                continue;
            }

            queries[key.Value] = query.Value.Trim();
        }
    }

    private static void ReadProbes(HealthYaml node, Dictionary<string, HttpProbe> probes, Errors errors)
    {
        if (node is not HealthYaml.Map map)
        {
            errors.Add(node.Line, "'probes' maps a name to an HTTP probe, such as 'home: { url: http://127.0.0.1:8080/healthz, status: 200, timeout: 2s }'.");
            return;
        }

        foreach (var (key, value) in map.Entries)
        {
            if (probes.Count == MaxEntries)
            {
                errors.Add(key.Line, $"more than {MaxEntries} probes; keep the ones the conditions need.");
                return;
            }

            if (!EntryName(key, "probe", probes.ContainsKey(key.Value), errors))
            {
                continue;
            }

            if (ReadProbe(key.Value, value, errors) is { } probe)
            {
                probes[key.Value] = probe;
            }
        }
    }

    private static HttpProbe? ReadProbe(string name, HealthYaml node, Errors errors)
    {
        if (node is HealthYaml.Scalar)
        {
            return HttpUrl(node, $"the probe '{name}'", errors) is { } url ? new HttpProbe(url, 200, DefaultProbeTimeout) : null;
        }

        if (node is not HealthYaml.Map settings)
        {
            errors.Add(node.Line, $"the probe '{name}' is a URL, or a mapping with 'url', 'status' (default 200) and 'timeout' (default 5s).");
            return null;
        }

        Uri? probeUrl = null;
        var status = 200;
        var timeout = DefaultProbeTimeout;
        var ok = true;
        foreach (var (key, value) in settings.Entries)
        {
            switch (key.Value)
            {
                case "url":
                    probeUrl = HttpUrl(value, $"the probe '{name}'", errors);
                    ok &= probeUrl is not null;
                    break;
                case "status":
                    var code = Count(value, $"the probe '{name}''s 'status'", errors);
                    if (code is < 100 or > 599)
                    {
                        errors.Add(value.Line, $"the probe '{name}''s 'status' is an HTTP status code from 100 to 599, not {code}.");
                        code = null;
                    }

                    ok &= code is not null;
                    status = code ?? status;
                    break;
                case "timeout":
                    var limit = Duration(value, $"the probe '{name}''s 'timeout'", TimeSpan.FromSeconds(1), MaxProbeTimeout, errors);
                    ok &= limit is not null;
                    timeout = limit ?? timeout;
                    break;
                default:
                    errors.Add(key.Line, $"unknown key '{key.Value}' in the probe '{name}'. A probe has 'url', 'status' and 'timeout'.");
                    ok = false;
                    break;
            }
        }

        if (probeUrl is null && ok)
        {
            errors.Add(settings.Line, $"the probe '{name}' needs a 'url'.");
        }

        return ok && probeUrl is not null ? new HttpProbe(probeUrl, status, timeout) : null;
    }

    private static void ReadConditions(HealthYaml node, List<(string Name, string Expression, int Line)> conditions, Errors errors)
    {
        if (node is not HealthYaml.Sequence list)
        {
            errors.Add(node.Line, "'conditions' is a list: each item an expression ('- queries.error_rate < 0.05'), 'name: expression', or a mapping with 'name' and 'condition'.");
            return;
        }

        foreach (var item in list.Items)
        {
            if (conditions.Count == MaxEntries)
            {
                errors.Add(item.Line, $"more than {MaxEntries} conditions; keep the ones that matter.");
                return;
            }

            switch (item)
            {
                case HealthYaml.Scalar { IsNull: false } scalar:
                    conditions.Add((scalar.Value, scalar.Value, scalar.Line));
                    break;
                case HealthYaml.Map { Entries.Count: 1 } single when single.Entries[0].Key.Value is not ("name" or "condition"):
                    var (label, expression) = single.Entries[0];
                    if (expression is HealthYaml.Scalar { IsNull: false } text)
                    {
                        conditions.Add((label.Value, text.Value, label.Line));
                    }
                    else
                    {
                        errors.Add(expression.Line, $"the condition '{label.Value}' needs an expression after the colon, such as 'queries.error_rate < 0.05'.");
                    }

                    break;
                case HealthYaml.Map mapping:
                    string? conditionName = null, condition = null;
                    foreach (var (key, value) in mapping.Entries)
                    {
                        var text2 = value is HealthYaml.Scalar { IsNull: false } s ? s.Value : null;
                        switch (key.Value)
                        {
                            case "name":
                                conditionName = text2;
                                break;
                            case "condition":
                                condition = text2;
                                break;
                            default:
                                errors.Add(key.Line, $"unknown key '{key.Value}' in a condition. A condition has 'name' and 'condition'.");
                                break;
                        }
                    }

                    if (condition is null)
                    {
                        errors.Add(mapping.Line, "this condition needs 'condition': the expression that must hold, such as 'queries.error_rate < 0.05'.");
                    }
                    else
                    {
                        conditions.Add((conditionName ?? condition, condition, mapping.Line));
                    }

                    break;
                default:
                    errors.Add(item.Line, "each condition is an expression, 'name: expression', or a mapping with 'name' and 'condition'.");
                    break;
            }
        }
    }

    private static List<HealthCondition> CheckConditions(
        List<(string Name, string Expression, int Line)> conditions,
        Dictionary<string, string> queries,
        Dictionary<string, HttpProbe> probes,
        Errors errors)
    {
        var checkedConditions = new List<HealthCondition>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, expression, line) in conditions)
        {
            if (!names.TryAdd(name, line))
            {
                errors.Add(line, $"two conditions are named '{name}' (the other on line {names[name]}); give each its own name.");
                continue;
            }

            if (!Expression.TryParse(expression, ConditionOptions, out _, out var error))
            {
                errors.Add(line, $"the condition '{name}' does not parse: {error!.Message}");
                continue;
            }

            var (references, readsWhole) = HealthReferences.Find(expression);
            var problems = new List<string>();
            if (readsWhole)
            {
                problems.Add("it reads 'queries' or 'probes' whole; name one, such as queries.error_rate or probes.home.ok");
            }

            if (references.Count == 0 && !readsWhole)
            {
                problems.Add("it reads no query or probe; a condition judges the deployment through queries.<name> or probes.<name>.ok, .status or .seconds");
            }

            foreach (var reference in references)
            {
                if (reference.IsQuery && !queries.ContainsKey(reference.Name))
                {
                    problems.Add($"it reads queries.{reference.Name}, which is not declared; declare it under 'queries'{Declared(queries.Keys)}");
                }
                else if (!reference.IsQuery && !probes.ContainsKey(reference.Name))
                {
                    problems.Add($"it reads probes.{reference.Name}, which is not declared; declare it under 'probes'{Declared(probes.Keys)}");
                }
                else if (!reference.IsQuery && !ProbeProperties.Contains(reference.Property, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"it reads {reference.Path}; a probe has 'ok', 'status' and 'seconds', such as probes.{reference.Name}.ok");
                }
            }

            if (problems.Count > 0)
            {
                errors.Add(line, $"the condition '{name}': {string.Join("; ", problems)}.");
                continue;
            }

            checkedConditions.Add(new HealthCondition(name, expression, line));
        }

        return checkedConditions;
    }

    private static string Declared(IEnumerable<string> names) =>
        names.Any() ? $" (declared: {string.Join(", ", names)})" : "";

    private static string? ReadRollback(HealthYaml node, Errors errors)
    {
        if (node is not HealthYaml.Map map)
        {
            errors.Add(node.Line, "'rollback' is a mapping, such as '{ workflow: rollback.yml }'.");
            return null;
        }

        string? workflow = null;
        foreach (var (key, value) in map.Entries)
        {
            if (key.Value != "workflow")
            {
                errors.Add(key.Line, $"unknown key '{key.Value}' in 'rollback'. It has 'workflow'.");
                continue;
            }

            if (value is not HealthYaml.Scalar { IsNull: false } text || !WorkflowFile().IsMatch(text.Value))
            {
                errors.Add(value.Line, "'rollback.workflow' is the file name of a workflow in .github/workflows, such as rollback.yml.");
                continue;
            }

            workflow = text.Value;
        }

        return workflow;
    }

    private static bool EntryName(HealthYaml.Scalar key, string what, bool duplicate, Errors errors)
    {
        if (!EntryNamePattern().IsMatch(key.Value))
        {
            errors.Add(key.Line, $"'{key.Value}' cannot name a {what}: use letters, digits, '_' and '-', starting with a letter or '_' (conditions read it as {what}s.<name>… ).");
            return false;
        }

        if (duplicate)
        {
            errors.Add(key.Line, $"the {what} '{key.Value}' is declared twice (names are compared without regard to case); keep one.");
            return false;
        }

        return true;
    }

    private static Uri? HttpUrl(HealthYaml node, string what, Errors errors)
    {
        if (node is HealthYaml.Scalar { IsNull: false } text
            && Uri.TryCreate(text.Value.Trim(), UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.Host.Length > 0)
        {
            return url;
        }

        errors.Add(node.Line, $"{what} needs an http:// or https:// URL, such as http://127.0.0.1:9090.");
        return null;
    }

    private static TimeSpan? Duration(HealthYaml node, string what, TimeSpan minimum, TimeSpan maximum, Errors errors)
    {
        if (node is HealthYaml.Scalar text && HealthDuration.TryParse(text.Value, out var duration) && duration >= minimum && duration <= maximum)
        {
            return duration;
        }

        var given = node is HealthYaml.Scalar s ? $"'{s.Value}'" : "a list or mapping";
        errors.Add(node.Line, $"{what} is a duration from {HealthDuration.Format(minimum)} to {HealthDuration.Format(maximum)} written with units (s, m, h), such as 30s, 5m or 1m30s, not {given}.");
        return null;
    }

    private static int? Count(HealthYaml node, string what, Errors errors)
    {
        if (node is HealthYaml.Scalar text && int.TryParse(text.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 1000)
        {
            return count;
        }

        var given = node is HealthYaml.Scalar s ? $"'{s.Value}'" : "a list or mapping";
        errors.Add(node.Line, $"{what} is a whole number from 0 to 1000, not {given}.");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.ya?ml$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkflowFile();
}
