using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice repo add|list</c> and <c>sluice audit</c>; <c>sluice repo edit|remove</c>, <c>sluice secret</c>,
/// <c>sluice cache</c>, <c>sluice token</c> and <c>sluice agents</c> from their own files.
/// </summary>
internal static class RepoCommands
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return Repo(console);
        yield return SecretCommands.Create(console);
        yield return EnvironmentCommands.Create(console);
        yield return CacheCommands.Create(console);
        yield return TokenCommands.Create(console);
        yield return AgentsCommands.Create(console);
        yield return Audit(console);
    }

    private static Command Repo(CliConsole console)
    {
        var add = new ClientCommand(console);
        var name = new Argument<string>("NAME") { Description = "The repository's name on this server." };
        var url = new Argument<string>("URL_OR_PATH") { Description = "A git URL, or the path of a repository on the server's machine." };
        var poll = new Option<string>("--poll") { Description = "Look for new commits this often (30s, 5m), for hosts that cannot reach the server.", HelpName = "DURATION" };
        var secret = new Option<string>("--webhook-secret") { Description = "The secret that webhooks of this repository are signed with.", HelpName = "SECRET" };
        var addCommand = add.Create(
            "add",
            "Add a repository the server runs workflows for.",
            async (parse, client, cancellationToken) =>
            {
                var path = Source(parse.GetValue(url)!);
                var seconds = parse.GetValue(poll) is { } p ? Durations.Seconds(p, "--poll") : (int?)null;
                var created = await client.SendAsync(HttpMethod.Post, "api/v1/repos", new RepositoryCreate(parse.GetValue(name)!, path, seconds, parse.GetValue(secret)), ProtocolJson.Default.RepositoryCreate, ProtocolJson.Default.RepositoryView, cancellationToken);
                if (add.Json(parse))
                {
                    add.WriteJson(created!, ProtocolJson.Default.RepositoryView);
                }
                else
                {
                    console.Out.WriteLine($"added {created!.Name} ({created.Url}), default branch {created.DefaultBranch ?? "unknown"}");
                }

                return ExitCodes.Success;
            },
            name,
            url,
            poll,
            secret);
        var list = new ClientCommand(console);
        var listCommand = list.Create(
            "list",
            "List the repositories.",
            async (parse, client, cancellationToken) =>
            {
                var repositories = await client.GetAsync("api/v1/repos", ProtocolJson.Default.IReadOnlyListRepositoryView, cancellationToken) ?? [];
                if (list.Json(parse))
                {
                    list.WriteJson(repositories, ProtocolJson.Default.IReadOnlyListRepositoryView);
                    return ExitCodes.Success;
                }

                foreach (var repository in repositories)
                {
                    console.Out.WriteLine($"{repository.Name,-24} {repository.Url}{(repository.PollSeconds is { } s ? $"  (polled every {s}s)" : "")}");
                }

                return ExitCodes.Success;
            });
        return new Command("repo", "Repositories the server runs workflows for.") { addCommand, listCommand, RepoChangeCommands.Edit(console), RepoChangeCommands.Remove(console), RepoStatusesCommand.Create(console) };
    }

    /// <summary>A URL as given; a local folder that exists as its full path, since the server may run elsewhere.</summary>
    public static string Source(string url) =>
        !url.Contains("://", StringComparison.Ordinal) && !url.Contains('@', StringComparison.Ordinal) && Directory.Exists(url) ? Path.GetFullPath(url) : url;

    private static Command Audit(CliConsole console)
    {
        var audit = new ClientCommand(console);
        return audit.Create(
            "audit",
            "Show the audit log: who triggered, cancelled and changed what, when, and from where.",
            async (parse, client, cancellationToken) =>
            {
                var rows = await client.GetAsync("api/v1/audit", ProtocolJson.Default.IReadOnlyListAuditView, cancellationToken) ?? [];
                if (audit.Json(parse))
                {
                    audit.WriteJson(rows, ProtocolJson.Default.IReadOnlyListAuditView);
                    return ExitCodes.Success;
                }

                foreach (var row in rows)
                {
                    console.Out.WriteLine($"{row.At:u}  {row.Actor,-24} {row.Source ?? "-",-15} {row.Action,-18} {row.Target}{(row.Detail is { } d ? "  " + d : "")}");
                }

                return ExitCodes.Success;
            });
    }
}

/// <summary>Durations as options take them: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>, or a number of seconds (at most ten years).</summary>
internal static class Durations
{
    private const int MaxSeconds = 3650 * 86400;

    public static int Seconds(string text, string option)
    {
        if (text.Length == 0)
        {
            throw new UsageException($"{option}: expected a duration such as 30s, 5m, 1h or 7d");
        }

        var unit = char.IsAsciiLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        var multiplier = unit switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => throw new UsageException($"{option} '{text}': the unit must be s, m, h or d"),
        };
        if (!int.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0 || value > MaxSeconds / multiplier)
        {
            throw new UsageException($"{option} '{text}': expected a duration such as 30s, 5m, 1h or 7d, up to ten years");
        }

        return value * multiplier;
    }

    /// <summary>Seconds as the largest whole unit that says them exactly: <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>3d</c>.</summary>
    public static string Text(int seconds) =>
        seconds % 86400 == 0 ? $"{seconds / 86400}d"
        : seconds % 3600 == 0 ? $"{seconds / 3600}h"
        : seconds % 60 == 0 ? $"{seconds / 60}m"
        : $"{seconds}s";
}
