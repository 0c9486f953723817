using System.CommandLine;
using System.Globalization;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice env list|set|delete</c> and <c>sluice env secret|var</c>: a repository's environments, their protection
/// rules (reviewers, wait timer, which refs may deploy), secrets (values go in and never come out) and variables.
/// </summary>
internal static class EnvironmentCommands
{
    public static Command Create(CliConsole console) =>
        new("env", "Environments of repositories: who approves their deployments, how long they wait, which refs may deploy, and their secrets and variables.")
        {
            List(console), Set(console), Delete(console), Secrets(console), Variables(console),
        };

    private static Option<string> RepositoryOption() => new("--repo") { Description = "The repository the environment belongs to.", Required = true, HelpName = "NAME" };

    private static Argument<string> EnvironmentArgument() => new("ENVIRONMENT") { Description = "The environment's name (compared without regard to case)." };

    private static string PathOf(string repository, string environment) =>
        $"api/v1/repos/{Uri.EscapeDataString(repository)}/environments/{Uri.EscapeDataString(environment)}";

    private static Command List(CliConsole console)
    {
        var list = new ClientCommand(console);
        var repo = RepositoryOption();
        return list.Create(
            "list",
            "List a repository's environments with their rules, secret names and variables.",
            async (parse, client, cancellationToken) =>
            {
                var environments = await client.GetAsync($"api/v1/repos/{Uri.EscapeDataString(parse.GetValue(repo)!)}/environments", ProtocolJson.Default.IReadOnlyListEnvironmentView, cancellationToken) ?? [];
                if (list.Json(parse))
                {
                    list.WriteJson(environments, ProtocolJson.Default.IReadOnlyListEnvironmentView);
                    return ExitCodes.Success;
                }

                foreach (var environment in environments)
                {
                    console.Out.WriteLine(Describe(environment));
                }

                return ExitCodes.Success;
            },
            repo);
    }

    /// <summary>One environment on a few lines: its rules, then its secrets and variables.</summary>
    public static string Describe(EnvironmentView environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var reviewers = environment.Reviewers.Count == 0 ? "no reviewers" : "reviewers " + string.Join(", ", environment.Reviewers) + (environment.PreventSelfReview ? " (not whoever started the run)" : "");
        var wait = environment.WaitTimerSeconds == 0 ? "no wait" : "wait " + Durations.Text(environment.WaitTimerSeconds);
        var refs = environment.DeployRefs.Count == 0 ? "any ref" : "refs " + string.Join(", ", environment.DeployRefs);
        var lines = new List<string> { $"{environment.Name}: {reviewers}; {wait}; {refs}" };
        if (environment.Secrets.Count > 0)
        {
            lines.Add("  secrets: " + string.Join(", ", environment.Secrets));
        }

        if (environment.Variables.Count > 0)
        {
            lines.Add("  variables: " + string.Join(", ", environment.Variables.Select(v => $"{v.Key}={v.Value}")));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static Command Set(CliConsole console)
    {
        var set = new ClientCommand(console);
        var repo = RepositoryOption();
        var name = EnvironmentArgument();
        var reviewer = new Option<string[]>("--reviewer") { Description = "Who must approve each deployment (any one of them): a token owner, alice for user:alice. Repeat for more; replaces the list.", HelpName = "OWNER", AllowMultipleArgumentsPerToken = false };
        var noReviewers = new Option<bool>("--no-reviewers") { Description = "Deployments need no approval." };
        var wait = new Option<string>("--wait") { Description = "How long each deployment waits before its job may start (30s, 5m, 1h; at most 30 days; 0 for none).", HelpName = "DURATION" };
        var allow = new Option<string[]>("--allow") { Description = "A branch or tag pattern that may deploy (main, release/*, refs/tags/v*). Repeat for more; replaces the list.", HelpName = "PATTERN" };
        var anyRef = new Option<bool>("--any-ref") { Description = "Any branch or tag may deploy." };
        var selfReview = new Option<bool?>("--prevent-self-review") { Description = "Whoever started the run may not approve its deployment (true or false).", HelpName = "BOOL" };
        return set.Create(
            "set",
            "Create an environment or change its rules; what is not given stays as it is.",
            async (parse, client, cancellationToken) =>
            {
                var reviewers = parse.GetValue(reviewer) is { Length: > 0 } named ? named : parse.GetValue(noReviewers) ? [] : null;
                var refs = parse.GetValue(allow) is { Length: > 0 } patterns ? patterns : parse.GetValue(anyRef) ? [] : null;
                int? seconds = parse.GetValue(wait) is { } w ? (w == "0" ? 0 : Durations.Seconds(w, "--wait")) : null;
                var request = new EnvironmentRequest(reviewers, seconds, refs, parse.GetValue(selfReview));
                using var message = new HttpRequestMessage(HttpMethod.Put, PathOf(parse.GetValue(repo)!, parse.GetValue(name)!))
                {
                    Content = System.Net.Http.Json.JsonContent.Create(request, ProtocolJson.Default.EnvironmentRequest),
                };
                using var response = await client.SendCheckedAsync(message, cancellationToken);
                var environment = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, ProtocolJson.Default.EnvironmentView, cancellationToken);
                if (set.Json(parse))
                {
                    set.WriteJson(environment!, ProtocolJson.Default.EnvironmentView);
                }
                else
                {
                    console.Out.WriteLine(Describe(environment!));
                }

                return ExitCodes.Success;
            },
            repo,
            name,
            reviewer,
            noReviewers,
            wait,
            allow,
            anyRef,
            selfReview);
    }

    private static Command Delete(CliConsole console)
    {
        var delete = new ClientCommand(console);
        var repo = RepositoryOption();
        var name = EnvironmentArgument();
        return delete.Create(
            "delete",
            "Delete an environment with its secrets and variables; its deployments stay on record.",
            (parse, client, cancellationToken) => DeleteAsync(console, client, PathOf(parse.GetValue(repo)!, parse.GetValue(name)!), $"environment {parse.GetValue(name)} deleted from {parse.GetValue(repo)}", cancellationToken),
            repo,
            name);
    }

    private static Command Secrets(CliConsole console)
    {
        var setter = new ClientCommand(console);
        var (repo, environment, secret) = (RepositoryOption(), EnvironmentArgument(), new Argument<string>("NAME") { Description = "The secret's name, as the environment's jobs read it (secrets.NAME)." });
        var set = setter.Create(
            "set",
            "Set a secret of the environment; its value is read from standard input. Only the environment's jobs get it, over a repository secret of the same name.",
            async (parse, client, cancellationToken) =>
            {
                using var input = console.OpenInput();
                var value = (await input.ReadToEndAsync(cancellationToken)).TrimEnd('\n', '\r');
                var path = $"{PathOf(parse.GetValue(repo)!, parse.GetValue(environment)!)}/secrets/{Uri.EscapeDataString(parse.GetValue(secret)!)}";
                using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = System.Net.Http.Json.JsonContent.Create(new SecretValue(value), ProtocolJson.Default.SecretValue) };
                using var response = await client.SendCheckedAsync(request, cancellationToken);
                console.Out.WriteLine($"secret {parse.GetValue(secret)} set for the environment {parse.GetValue(environment)} of {parse.GetValue(repo)}");
                return ExitCodes.Success;
            },
            repo,
            environment,
            secret);
        var deleter = new ClientCommand(console);
        var (repo2, environment2, secret2) = (RepositoryOption(), EnvironmentArgument(), new Argument<string>("NAME") { Description = "The secret's name." });
        var delete = deleter.Create(
            "delete",
            "Delete a secret of the environment.",
            (parse, client, cancellationToken) => DeleteAsync(
                console,
                client,
                $"{PathOf(parse.GetValue(repo2)!, parse.GetValue(environment2)!)}/secrets/{Uri.EscapeDataString(parse.GetValue(secret2)!)}",
                $"secret {parse.GetValue(secret2)} deleted from the environment {parse.GetValue(environment2)} of {parse.GetValue(repo2)}",
                cancellationToken),
            repo2,
            environment2,
            secret2);
        return new Command("secret", "Secrets of an environment, encrypted at rest and sent only to its jobs.") { set, delete };
    }

    private static Command Variables(CliConsole console)
    {
        var setter = new ClientCommand(console);
        var (repo, environment, variable) = (RepositoryOption(), EnvironmentArgument(), new Argument<string>("NAME") { Description = "The variable's name, as the environment's jobs read it (vars.NAME)." });
        var value = new Argument<string>("VALUE") { Description = "Its value." };
        var set = setter.Create(
            "set",
            "Set a variable of the environment (vars.NAME in its jobs, over the repository's).",
            async (parse, client, cancellationToken) =>
            {
                var path = $"{PathOf(parse.GetValue(repo)!, parse.GetValue(environment)!)}/variables/{Uri.EscapeDataString(parse.GetValue(variable)!)}";
                using var request = new HttpRequestMessage(HttpMethod.Put, path)
                {
                    Content = System.Net.Http.Json.JsonContent.Create(new EnvironmentVariableValue(parse.GetValue(value)!), ProtocolJson.Default.EnvironmentVariableValue),
                };
                using var response = await client.SendCheckedAsync(request, cancellationToken);
                console.Out.WriteLine($"variable {parse.GetValue(variable)} set for the environment {parse.GetValue(environment)} of {parse.GetValue(repo)}");
                return ExitCodes.Success;
            },
            repo,
            environment,
            variable,
            value);
        var deleter = new ClientCommand(console);
        var (repo2, environment2, variable2) = (RepositoryOption(), EnvironmentArgument(), new Argument<string>("NAME") { Description = "The variable's name." });
        var delete = deleter.Create(
            "delete",
            "Delete a variable of the environment.",
            (parse, client, cancellationToken) => DeleteAsync(
                console,
                client,
                $"{PathOf(parse.GetValue(repo2)!, parse.GetValue(environment2)!)}/variables/{Uri.EscapeDataString(parse.GetValue(variable2)!)}",
                $"variable {parse.GetValue(variable2)} deleted from the environment {parse.GetValue(environment2)} of {parse.GetValue(repo2)}",
                cancellationToken),
            repo2,
            environment2,
            variable2);
        return new Command("var", "Variables of an environment (vars.NAME in its jobs).") { set, delete };
    }

    private static async Task<int> DeleteAsync(CliConsole console, ApiClient client, string path, string done, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, path);
            using var response = await client.SendCheckedAsync(request, cancellationToken);
        }
        catch (ApiException ex) when (ex.Status == 404)
        {
            // Nothing to delete is a failed outcome, not a misuse of the command.
            console.Error.WriteLine($"sluice: error: {ex.Message}");
            return ExitCodes.Failed;
        }

        console.Out.WriteLine(done);
        return ExitCodes.Success;
    }
}
