using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice deployments [REPO] [--env NAME] [--limit N]</c>, and <c>show</c>, <c>approve</c> and <c>reject</c> of one
/// deployment: what ran in a repository's environments, and the answer to a deployment waiting for its reviewers.
/// </summary>
internal static class DeploymentCommands
{
    private const int MaxLimit = 500;

    public static Command Create(CliConsole console)
    {
        var client = new ClientCommand(console);
        var name = new Argument<string>("REPO") { Description = "The repository. Default: the server's only one.", Arity = ArgumentArity.ZeroOrOne };
        var environment = new Option<string>("--env") { Description = "Only this environment.", HelpName = "NAME" };
        var limit = new Option<int>("--limit") { Description = $"At most this many, newest first: 1 to {MaxLimit}.", DefaultValueFactory = _ => 50, HelpName = "N" };
        return client.Create(
            "deployments",
            "List a repository's deployments, newest first; show, approve or reject one.",
            async (parse, api, cancellationToken) =>
            {
                var most = parse.GetValue(limit);
                if (most is < 1 or > MaxLimit)
                {
                    throw new UsageException($"--limit takes 1 to {MaxLimit}, not {most}");
                }

                var repository = parse.GetValue(name) ?? await InsightsCommand.OnlyRepositoryAsync(api, cancellationToken);
                var query = $"?limit={most}" + (parse.GetValue(environment) is { } env ? "&env=" + Uri.EscapeDataString(env) : "");
                var deployments = await api.GetAsync($"api/v1/repos/{Uri.EscapeDataString(repository)}/deployments{query}", ProtocolJson.Default.IReadOnlyListDeploymentView, cancellationToken) ?? [];
                if (client.Json(parse))
                {
                    client.WriteJson(deployments, ProtocolJson.Default.IReadOnlyListDeploymentView);
                }
                else
                {
                    DeploymentsText.WriteTable(console.Out, deployments, TimeProvider.System.GetUtcNow());
                }

                return ExitCodes.Success;
            },
            name,
            environment,
            limit,
            Show(console),
            Review(console, approve: true),
            Review(console, approve: false),
            Fail(console));
    }

    private static Argument<long> Id() => new("ID") { Description = "The deployment's id (sluice deployments lists them)." };

    private static Command Show(CliConsole console)
    {
        var client = new ClientCommand(console);
        var id = Id();
        return client.Create(
            "show",
            "Show a deployment: its times, reviews and health samples.",
            async (parse, api, cancellationToken) =>
            {
                var deployment = (await api.GetAsync($"api/v1/deployments/{parse.GetValue(id)}", ProtocolJson.Default.DeploymentView, cancellationToken))!;
                if (client.Json(parse))
                {
                    client.WriteJson(deployment, ProtocolJson.Default.DeploymentView);
                }
                else
                {
                    DeploymentsText.WriteOne(console.Out, deployment);
                }

                return ExitCodes.Success;
            },
            id);
    }

    private static Command Fail(CliConsole console)
    {
        var client = new ClientCommand(console);
        var id = Id();
        var reason = new Option<string>("--reason") { Description = "What went wrong (required).", Required = true, HelpName = "TEXT" };
        return client.Create(
            "fail",
            "Mark a deployment that succeeded as needing a fix (an incident its gate did not catch): DORA counts it as a failed change until the environment's next healthy deployment.",
            async (parse, api, cancellationToken) =>
            {
                var text = parse.GetValue(reason)?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    throw new UsageException("fail needs a --reason saying what went wrong");
                }

                var deployment = (await api.SendAsync(
                    HttpMethod.Post,
                    $"api/v1/deployments/{parse.GetValue(id)}/fail",
                    new DeploymentFailureRequest(text),
                    ProtocolJson.Default.DeploymentFailureRequest,
                    ProtocolJson.Default.DeploymentView,
                    cancellationToken))!;
                if (client.Json(parse))
                {
                    client.WriteJson(deployment, ProtocolJson.Default.DeploymentView);
                }
                else
                {
                    console.Out.WriteLine($"deployment {deployment.Id} to {deployment.Environment} marked as needing a fix: now {deployment.Status}");
                }

                return ExitCodes.Success;
            },
            id,
            reason);
    }

    private static Command Review(CliConsole console, bool approve)
    {
        var client = new ClientCommand(console);
        var id = Id();
        var comment = new Option<string>("--comment")
        {
            Description = approve ? "Why, for the record." : "Why it may not go ahead (required).",
            Required = !approve,
            HelpName = "TEXT",
        };
        return client.Create(
            approve ? "approve" : "reject",
            approve
                ? "Approve a deployment waiting for its reviewers; its job runs once the environment's rules allow."
                : "Reject a deployment waiting for its reviewers; its job does not run and the run fails.",
            async (parse, api, cancellationToken) =>
            {
                var text = parse.GetValue(comment)?.Trim();
                if (!approve && string.IsNullOrEmpty(text))
                {
                    throw new UsageException("reject needs a --comment saying why");
                }

                var deployment = (await api.SendAsync(
                    HttpMethod.Post,
                    $"api/v1/deployments/{parse.GetValue(id)}/review",
                    new DeploymentReviewRequest(approve, string.IsNullOrEmpty(text) ? null : text),
                    ProtocolJson.Default.DeploymentReviewRequest,
                    ProtocolJson.Default.DeploymentView,
                    cancellationToken))!;
                if (client.Json(parse))
                {
                    client.WriteJson(deployment, ProtocolJson.Default.DeploymentView);
                }
                else
                {
                    console.Out.WriteLine($"deployment {deployment.Id} to {deployment.Environment} {(approve ? "approved" : "rejected")}: now {deployment.Status}");
                }

                return ExitCodes.Success;
            },
            id,
            comment);
    }
}
