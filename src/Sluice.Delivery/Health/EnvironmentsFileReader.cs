using System.Text;

namespace Sluice.Delivery.Health;

/// <summary>
/// Reads <c>.sluice/environments.yml</c>, the health gates of a repository's environments (docs/environments.md, "Health gates"):
/// <code>
/// environments:
///   production:
///     prometheus: http://127.0.0.1:9090
///     window: 5m
///     interval: 15s
///     failure-limit: 0
///     inconclusive-limit: 2
///     queries:
///       error_rate: (sum(rate(shop_requests_total{code=~"5.."}[1m])) or vector(0)) / sum(rate(shop_requests_total[1m]))
///     probes:
///       home: { url: http://127.0.0.1:18082/healthz, status: 200, timeout: 2s }
///     conditions:
///       - error rate under 5%: queries.error_rate &lt; 0.05
///       - probes.home.ok
///     rollback: { workflow: rollback.yml }
/// </code>
/// Every problem is reported, each naming the file and line and saying what to change; a file with any is not used.
/// </summary>
public static partial class EnvironmentsFileReader
{
    /// <summary>The largest file read, in bytes of UTF-8.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public static EnvironmentsFileRead Read(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var errors = new Errors(path);
        if (text.Length > MaxFileBytes || Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            errors.Add(null, $"the file is larger than {MaxFileBytes} bytes; an environments file is a few kilobytes. Is it the right file?");
            return errors.Result(null);
        }

        HealthYaml? document;
        try
        {
            document = HealthYaml.Read(text);
        }
        catch (HealthYamlException ex)
        {
            errors.Add(ex.LineNumber, ex.Message);
            return errors.Result(null);
        }

        var environments = new List<EnvironmentHealth>();
        if (document is null or HealthYaml.Scalar { IsNull: true })
        {
            return errors.Result(new EnvironmentsFile(environments));
        }

        if (document is not HealthYaml.Map root)
        {
            errors.Add(document.Line, "an environments file is a mapping with one key, 'environments'.");
            return errors.Result(null);
        }

        foreach (var (key, value) in root.Entries)
        {
            if (key.Value != "environments")
            {
                errors.Add(key.Line, $"unknown key '{key.Value}'. An environments file has one key, 'environments'.");
                continue;
            }

            if (value is HealthYaml.Scalar { IsNull: true })
            {
                continue;
            }

            if (value is not HealthYaml.Map map)
            {
                errors.Add(value.Line, "'environments' maps each environment's name to its settings.");
                continue;
            }

            var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, settings) in map.Entries)
            {
                if (name.Value.Trim().Length == 0)
                {
                    errors.Add(name.Line, "an environment needs a name.");
                    continue;
                }

                if (!names.TryAdd(name.Value, name.Line))
                {
                    errors.Add(name.Line, $"the environment '{name.Value}' is declared twice (first on line {names[name.Value]}; names are compared without regard to case); keep one.");
                    continue;
                }

                if (ReadEnvironment(name, settings, errors) is { } environment)
                {
                    environments.Add(environment);
                }
            }
        }

        return errors.Result(new EnvironmentsFile(environments));
    }

    /// <summary>The problems found so far, each as <c>path:line: message</c>.</summary>
    private sealed class Errors(string path)
    {
        private readonly List<string> _messages = [];

        public int Count => _messages.Count;

        public void Add(int? line, string message) => _messages.Add(line is { } l and > 0 ? $"{path}:{l}: {message}" : $"{path}: {message}");

        public EnvironmentsFileRead Result(EnvironmentsFile? file) => _messages.Count == 0 ? new(file, []) : new(null, _messages);
    }
}
