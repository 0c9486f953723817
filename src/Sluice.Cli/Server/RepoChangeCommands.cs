using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice repo edit|remove</c>: changing a repository's source, polling and webhook secret, and removing it with everything of it.</summary>
internal static class RepoChangeCommands
{
    public static Command Edit(CliConsole console)
    {
        var edit = new ClientCommand(console);
        var name = new Argument<string>("NAME") { Description = "The repository's name on this server." };
        var url = new Option<string>("--url") { Description = "A new git URL, or the path of a repository on the server's machine; fetched at once.", HelpName = "URL_OR_PATH" };
        var poll = new Option<string>("--poll") { Description = "Look for new commits this often (30s, 5m), or 'off' to stop.", HelpName = "DURATION|off" };
        var secret = new Option<string>("--webhook-secret") { Description = "A new secret that webhooks of this repository are signed with.", HelpName = "SECRET" };
        var noSecret = new Option<bool>("--no-webhook-secret") { Description = "Remove the webhook secret: webhooks of this repository are refused from then on." };
        return edit.Create(
            "edit",
            "Change a repository's URL, polling or webhook secret; what is not given is kept.",
            async (parse, client, cancellationToken) =>
            {
                if (parse.GetValue(secret) is not null && parse.GetValue(noSecret))
                {
                    throw new UsageException("give --webhook-secret or --no-webhook-secret, not both");
                }

                var path = parse.GetValue(url) is { } given ? RepoCommands.Source(given) : null;
                var seconds = parse.GetValue(poll) is { } p ? (p == "off" ? 0 : Durations.Seconds(p, "--poll")) : (int?)null;
                var webhookSecret = parse.GetValue(noSecret) ? "" : parse.GetValue(secret);
                if (path is null && seconds is null && webhookSecret is null)
                {
                    throw new UsageException("give what to change: --url, --poll, --webhook-secret or --no-webhook-secret");
                }

                var route = "api/v1/repos/" + Uri.EscapeDataString(parse.GetValue(name)!);
                var changed = await client.SendAsync(HttpMethod.Patch, route, new RepositoryEdit(path, seconds, webhookSecret), ProtocolJson.Default.RepositoryEdit, ProtocolJson.Default.RepositoryView, cancellationToken);
                if (edit.Json(parse))
                {
                    edit.WriteJson(changed!, ProtocolJson.Default.RepositoryView);
                }
                else
                {
                    var polled = changed!.PollSeconds is { } s ? $"polled every {s}s" : "not polled";
                    console.Out.WriteLine($"changed {changed.Name} ({changed.Url}), {polled}, default branch {changed.DefaultBranch ?? "unknown"}");
                }

                return ExitCodes.Success;
            },
            name,
            url,
            poll,
            secret,
            noSecret);
    }

    public static Command Remove(CliConsole console)
    {
        var remove = new ClientCommand(console);
        var name = new Argument<string>("NAME") { Description = "The repository's name on this server." };
        return remove.Create(
            "remove",
            "Remove a repository with its runs, logs, artifacts, secrets, caches and quality history; refused while it has runs queued or in progress.",
            async (parse, client, cancellationToken) =>
            {
                var route = "api/v1/repos/" + Uri.EscapeDataString(parse.GetValue(name)!);
                var removed = await client.SendAsync<RepositoryEdit, RepositoryRemoved>(HttpMethod.Delete, route, null, ProtocolJson.Default.RepositoryEdit, ProtocolJson.Default.RepositoryRemoved, cancellationToken);
                if (remove.Json(parse))
                {
                    remove.WriteJson(removed!, ProtocolJson.Default.RepositoryRemoved);
                }
                else
                {
                    console.Out.WriteLine($"removed {removed!.Name} with {removed.Runs} run(s) and {removed.CacheEntries} cache entr{(removed.CacheEntries == 1 ? "y" : "ies")}");
                }

                return ExitCodes.Success;
            },
            name);
    }
}
