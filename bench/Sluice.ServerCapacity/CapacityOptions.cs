using System.Globalization;

namespace Sluice.ServerCapacity;

internal sealed record CapacityOptions(string Verb, IReadOnlyList<string> Servers, string Token, IReadOnlyList<int> Pids, string? Repository, string? Workflow, int Agents, int Seconds, int Rounds, bool LogBatch)
{
    public const string Usage = """
        usage: Sluice.ServerCapacity cycles --server URL[,URL...] --token T --pid PID[,PID...] --repo NAME --workflow FILE [--agents 16] [--seconds 10] [--rounds 3] [--log-batch]
               Sluice.ServerCapacity memory --server URL --token T --pid PID [--agents 200] [--seconds 30]
        Several --server URLs are replicas on one database: agent k talks to replica k mod n; --pid names their processes in the same order.
        """;

    public static CapacityOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("cycles" or "memory"))
        {
            throw new ArgumentException("the first argument is cycles or memory");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var logBatch = false;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--log-batch")
            {
                logBatch = true;
            }
            else if (args[i] is "--server" or "--token" or "--pid" or "--repo" or "--workflow" or "--agents" or "--seconds" or "--rounds" && i + 1 < args.Count)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unknown or incomplete option '{args[i]}'");
            }
        }

        var verb = args[0];
        var cycles = verb == "cycles";
        return new CapacityOptions(
            verb,
            Required(values, "--server").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Required(values, "--token"),
            ProcessIds(Required(values, "--pid")),
            cycles ? Required(values, "--repo") : null,
            cycles ? Required(values, "--workflow") : null,
            Number(values, "--agents", cycles ? 16 : 200),
            Number(values, "--seconds", cycles ? 10 : 30),
            Number(values, "--rounds", 3),
            logBatch);
    }

    private static int[] ProcessIds(string text) =>
        text.Split(',').Select(pid => int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"--pid takes process ids separated by commas, not '{text}'")).ToArray();

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required");

    private static int Number(Dictionary<string, string> values, string name, int? fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback ?? throw new ArgumentException($"{name} is required");
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} takes a positive whole number, not '{text}'");
    }
}
