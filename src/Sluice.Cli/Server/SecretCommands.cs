using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice secret set|list|delete</c>: a repository's secrets; values go in and never come out.</summary>
internal static class SecretCommands
{
    public static Command Create(CliConsole console) =>
        new("secret", "Secrets of repositories, encrypted at rest and sent only to the jobs of their runs.") { Set(console), List(console), Delete(console) };

    private static Option<string> RepositoryOption() => new("--repo") { Description = "The repository the secret belongs to.", Required = true, HelpName = "NAME" };

    private static Argument<string> NameArgument() => new("NAME") { Description = "The secret's name, as workflows read it (secrets.NAME)." };

    private static string SecretsPath(string repository) => $"api/v1/repos/{Uri.EscapeDataString(repository)}/secrets";

    private static Command Set(CliConsole console)
    {
        var set = new ClientCommand(console);
        var name = NameArgument();
        var repo = RepositoryOption();
        return set.Create(
            "set",
            "Set a repository secret; its value is read from standard input.",
            async (parse, client, cancellationToken) =>
            {
                using var input = console.OpenInput();
                var value = (await input.ReadToEndAsync(cancellationToken)).TrimEnd('\n', '\r');
                using var request = new HttpRequestMessage(HttpMethod.Put, $"{SecretsPath(parse.GetValue(repo)!)}/{Uri.EscapeDataString(parse.GetValue(name)!)}")
                {
                    Content = System.Net.Http.Json.JsonContent.Create(new SecretValue(value), ProtocolJson.Default.SecretValue),
                };
                using var response = await client.SendCheckedAsync(request, cancellationToken);
                console.Out.WriteLine($"secret {parse.GetValue(name)} set for {parse.GetValue(repo)}");
                return ExitCodes.Success;
            },
            name,
            repo);
    }

    private static Command List(CliConsole console)
    {
        var list = new ClientCommand(console);
        var repo = RepositoryOption();
        return list.Create(
            "list",
            "List a repository's secrets: their names and when each was last set, never their values.",
            async (parse, client, cancellationToken) =>
            {
                var secrets = await client.GetAsync(SecretsPath(parse.GetValue(repo)!), ProtocolJson.Default.IReadOnlyListSecretView, cancellationToken) ?? [];
                if (list.Json(parse))
                {
                    list.WriteJson(secrets, ProtocolJson.Default.IReadOnlyListSecretView);
                    return ExitCodes.Success;
                }

                foreach (var secret in secrets)
                {
                    console.Out.WriteLine($"{secret.Name,-32} updated {secret.UpdatedAt:u}");
                }

                return ExitCodes.Success;
            },
            repo);
    }

    private static Command Delete(CliConsole console)
    {
        var delete = new ClientCommand(console);
        var name = NameArgument();
        var repo = RepositoryOption();
        return delete.Create(
            "delete",
            "Delete a repository secret; runs started afterwards do not get it.",
            async (parse, client, cancellationToken) =>
            {
                var secret = parse.GetValue(name)!;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Delete, $"{SecretsPath(parse.GetValue(repo)!)}/{Uri.EscapeDataString(secret)}");
                    using var response = await client.SendCheckedAsync(request, cancellationToken);
                }
                catch (ApiException ex) when (ex.Status == 404)
                {
                    // Nothing to delete is a failed outcome, not a misuse of the command.
                    console.Error.WriteLine($"sluice: error: {ex.Message}");
                    return ExitCodes.Failed;
                }

                console.Out.WriteLine($"secret {secret} deleted from {parse.GetValue(repo)}");
                return ExitCodes.Success;
            },
            name,
            repo);
    }
}
