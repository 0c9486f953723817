using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice cache list|delete</c>: a repository's <c>actions/cache</c> entries on the server.</summary>
internal static class CacheCommands
{
    public static Command Create(CliConsole console) =>
        new("cache", "Cache entries (actions/cache) the server keeps for a repository.") { List(console), Delete(console) };

    private static Option<string> RepositoryOption() => new("--repo") { Description = "The repository whose caches these are.", Required = true, HelpName = "NAME" };

    private static string CachesPath(string repository) => $"api/v1/repos/{Uri.EscapeDataString(repository)}/caches";

    private static Command List(CliConsole console)
    {
        var list = new ClientCommand(console);
        var repo = RepositoryOption();
        return list.Create(
            "list",
            "List a repository's cache entries, most recently used first.",
            async (parse, client, cancellationToken) =>
            {
                var entries = await client.GetAsync(CachesPath(parse.GetValue(repo)!), ProtocolJson.Default.IReadOnlyListCacheEntryView, cancellationToken) ?? [];
                if (list.Json(parse))
                {
                    list.WriteJson(entries, ProtocolJson.Default.IReadOnlyListCacheEntryView);
                    return ExitCodes.Success;
                }

                foreach (var entry in entries)
                {
                    console.Out.WriteLine(Line(entry));
                }

                return ExitCodes.Success;
            },
            repo);
    }

    private static Command Delete(CliConsole console)
    {
        var delete = new ClientCommand(console);
        var repo = RepositoryOption();
        var key = new Option<string>("--key") { Description = "Delete every entry of exactly this key (every version of it).", HelpName = "KEY" };
        var reference = new Option<string>("--ref") { Description = "With --key: only entries saved by runs of this ref (refs/heads/main). Default: every ref.", HelpName = "REF" };
        var id = new Option<long?>("--id") { Description = "Delete the entry of this id (sluice cache list).", HelpName = "ID" };
        return delete.Create(
            "delete",
            "Delete cache entries of a repository, by key or by id, with their archives.",
            async (parse, client, cancellationToken) =>
            {
                var path = CachesPath(parse.GetValue(repo)!);
                IReadOnlyList<CacheEntryView> removed;
                switch (parse.GetValue(key), parse.GetValue(id))
                {
                    case ({ } k, null):
                        var query = "?key=" + Uri.EscapeDataString(k) + (parse.GetValue(reference) is { } r ? "&ref=" + Uri.EscapeDataString(r) : "");
                        removed = await client.SendAsync<RepositoryEdit, IReadOnlyList<CacheEntryView>>(HttpMethod.Delete, path + query, null, ProtocolJson.Default.RepositoryEdit, ProtocolJson.Default.IReadOnlyListCacheEntryView, cancellationToken) ?? [];
                        break;
                    case (null, { } n) when parse.GetValue(reference) is null:
                        removed = [(await client.SendAsync<RepositoryEdit, CacheEntryView>(HttpMethod.Delete, $"{path}/{n}", null, ProtocolJson.Default.RepositoryEdit, ProtocolJson.Default.CacheEntryView, cancellationToken))!];
                        break;
                    default:
                        throw new UsageException("give --key KEY (with --ref REF to keep other refs' entries) or --id ID");
                }

                if (delete.Json(parse))
                {
                    delete.WriteJson(removed, ProtocolJson.Default.IReadOnlyListCacheEntryView);
                    return ExitCodes.Success;
                }

                foreach (var entry in removed)
                {
                    console.Out.WriteLine("deleted " + Line(entry));
                }

                return ExitCodes.Success;
            },
            repo,
            key,
            reference,
            id);
    }

    private static string Line(CacheEntryView entry) =>
        $"#{entry.Id,-5} {entry.Key,-40} {entry.Ref,-24} {entry.Size,12:N0} B  used {entry.LastUsedAt:u}";
}
