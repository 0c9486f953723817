using System.CommandLine;
using Sluice.Protocol;
using Sluice.Server;

namespace Sluice.Cli.Server;

/// <summary>
/// Where the client verbs send their requests: <c>--server</c> and <c>--token</c>, else SLUICE_SERVER and SLUICE_TOKEN,
/// else a local <c>sluice up</c> or <c>sluice server</c> with the default address, whose admin token is read from
/// its data folder.
/// </summary>
internal sealed class Connection
{
    public Option<string> Server { get; } = new("--server") { Description = "The server's URL, or several separated by commas (replicas on one database; a request moves to the next when one fails). Default: $SLUICE_SERVER, else http://127.0.0.1:8990.", HelpName = "URL[,URL...]" };

    public Option<string> Token { get; } = new("--token") { Description = "An API token. Default: $SLUICE_TOKEN, else the admin token of a local server (DATA/admin.token).", HelpName = "TOKEN" };

    public Option<string> Data { get; } = new("--data") { Description = "The local server's data folder, to find its admin token.", HelpName = "DIR", Hidden = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
        command.Options.Add(Data);
    }

    public ApiClient Open(ParseResult parse)
    {
        var url = parse.GetValue(Server) ?? Environment.GetEnvironmentVariable("SLUICE_SERVER") ?? "http://" + ServerOptions.DefaultListen;
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("SLUICE_TOKEN") ?? LocalAdminToken(parse.GetValue(Data) ?? ServerOptions.DefaultData);
        if (token is null)
        {
            throw new UsageException("give a token with --token (or SLUICE_TOKEN); a local server keeps its admin token in DATA/admin.token");
        }

        try
        {
            return new ApiClient(url, token);
        }
        catch (ApiException ex)
        {
            throw new UsageException($"--server: {ex.Message}");
        }
    }

    private static string? LocalAdminToken(string data)
    {
        var path = SluiceServer.AdminTokenPath(Path.GetFullPath(data));
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
