using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice repo statuses NAME</c>: where the repository's job and gate results are posted as commit statuses
/// (<c>--host --api --path --token-stdin</c>), or <c>--off</c>; with neither, shows where they go. The token is read
/// from standard input, sealed by the server and never shown back.
/// </summary>
internal static class RepoStatusesCommand
{
    public static Command Create(CliConsole console)
    {
        var statuses = new ClientCommand(console);
        var name = new Argument<string>("NAME") { Description = "The repository's name on this server." };
        var host = new Option<string>("--host") { Description = "The code host's kind: github, gitlab or gitea (Forgejo is gitea).", HelpName = "github|gitlab|gitea" };
        host.AcceptOnlyFromAmong("github", "gitlab", "gitea");
        var api = new Option<string>("--api") { Description = "The host's API base URL: https://api.github.com, https://HOST/api/v3 (GitHub Enterprise Server), https://HOST/api/v4 (GitLab), https://HOST/api/v1 (Gitea).", HelpName = "URL" };
        var path = new Option<string>("--path") { Description = "The repository's path on the host: owner/name (GitLab: group/subgroup/name, or the project's numeric id).", HelpName = "PATH" };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read the token that may set commit statuses from standard input." };
        var off = new Option<bool>("--off") { Description = "Stop posting commit statuses for this repository; statuses not yet sent are dropped." };
        return statuses.Create(
            "statuses",
            "Post each run's job results and gate verdicts as commit statuses to the code host, so that pull requests show them.",
            async (parse, client, cancellationToken) =>
            {
                var route = $"api/v1/repos/{Uri.EscapeDataString(parse.GetValue(name)!)}/statuses";
                var setting = parse.GetValue(host) is not null || parse.GetValue(api) is not null || parse.GetValue(path) is not null || parse.GetValue(tokenStdin);
                if (parse.GetValue(off))
                {
                    if (setting)
                    {
                        throw new UsageException("give --off alone, or --host, --api, --path and --token-stdin");
                    }

                    using var request = new HttpRequestMessage(HttpMethod.Delete, route);
                    using var response = await client.SendCheckedAsync(request, cancellationToken);
                    console.Out.WriteLine($"{parse.GetValue(name)} posts no commit statuses");
                    return ExitCodes.Success;
                }

                CommitStatusTargetView? target;
                if (setting)
                {
                    if (parse.GetValue(host) is not { } kind || parse.GetValue(api) is not { } url || parse.GetValue(path) is not { } where || !parse.GetValue(tokenStdin))
                    {
                        throw new UsageException("give --host, --api, --path and --token-stdin together (or --off)");
                    }

                    using var input = console.OpenInput();
                    var token = (await input.ReadToEndAsync(cancellationToken)).Trim();
                    if (token.Length == 0)
                    {
                        throw new UsageException("--token-stdin: standard input held no token");
                    }

                    target = await client.SendAsync(HttpMethod.Put, route, new CommitStatusTargetRequest(kind, url, where, token), ProtocolJson.Default.CommitStatusTargetRequest, ProtocolJson.Default.CommitStatusTargetView, cancellationToken);
                }
                else
                {
                    target = await client.GetAsync(route, ProtocolJson.Default.CommitStatusTargetView, cancellationToken);
                }

                if (statuses.Json(parse))
                {
                    statuses.WriteJson(target!, ProtocolJson.Default.CommitStatusTargetView);
                }
                else
                {
                    console.Out.WriteLine($"{target!.Repository} posts commit statuses to {target.Host} {target.ApiUrl}, repository {target.Path} (set {target.UpdatedAt:u})");
                }

                return ExitCodes.Success;
            },
            name,
            host,
            api,
            path,
            tokenStdin,
            off);
    }
}
