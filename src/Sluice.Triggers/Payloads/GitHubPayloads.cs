using System.Text.Json;
using Sluice.Triggers.Webhooks;

namespace Sluice.Triggers.Payloads;

/// <summary>
/// GitHub's <c>push</c> and <c>pull_request</c> payloads, and Gitea's and Forgejo's, which copy their shape (with a few
/// words of their own, put into GitHub's here so that <c>types:</c> filters read the same).
/// </summary>
internal static class GitHubPayloads
{
    /// <summary>GitHub lists at most this many commits in a push; a push that reaches it may have more.</summary>
    private const int GitHubCommitLimit = 2048;

    /// <summary>Gitea's and Forgejo's activity types that GitHub spells otherwise; the rest are the same words.</summary>
    private static readonly Dictionary<string, string> GiteaActions = new(StringComparer.Ordinal)
    {
        ["synchronized"] = "synchronize",
        ["label_updated"] = "labeled",
        ["label_cleared"] = "unlabeled",
    };

    public static PayloadReading Push(JsonElement root, ReadOnlyMemory<byte> json, WebhookHost host)
    {
        var payload = PayloadObject.Root(root);
        var reference = GitNames.Ref(payload, "ref");
        var after = GitNames.Sha(payload, "after");
        if (payload.OptionalBool("deleted") || GitNames.IsNoCommit(after))
        {
            return PayloadReading.Ignore($"The push deletes {reference}; a deletion starts no run.");
        }

        var before = GitNames.Sha(payload, "before");
        var repository = payload.RequiredObject("repository");
        var commits = payload.OptionalObjects("commits");
        var complete = host == WebhookHost.GitHub
            ? commits?.Count < GitHubCommitLimit
            : commits?.Count >= (payload.OptionalInteger("total_commits") ?? 0);
        return PayloadReading.Of(new TriggerEvent
        {
            Name = "push",
            Ref = reference,
            Sha = payload.OptionalObject("head_commit") is { } head ? GitNames.Sha(head, "id") : after,
            FetchRef = reference,
            Before = GitNames.IsNoCommit(before) ? null : before,
            ChangedPaths = ChangedPaths.Of(commits, complete == true),
            Actor = payload.OptionalObject("sender")?.OptionalString("login") ?? Pusher(payload.OptionalObject("pusher")),
            Repository = repository.RequiredString("full_name"),
            CloneUrl = repository.OptionalString("clone_url"),
            DefaultBranch = repository.OptionalString("default_branch"),
            PayloadJson = host == WebhookHost.GitHub ? GitHubShape.AsSent(json) : GitHubShape.FromGitea(json, action: null),
        });
    }

    public static PayloadReading PullRequest(JsonElement root, ReadOnlyMemory<byte> json, WebhookHost host)
    {
        var payload = PayloadObject.Root(root);
        var hostAction = payload.RequiredString("action");
        var action = host == WebhookHost.GitHub ? hostAction : GiteaActions.GetValueOrDefault(hostAction, hostAction);
        var pull = payload.RequiredObject("pull_request");
        var number = pull.OptionalInteger("number") ?? payload.RequiredInteger("number");
        if (number is < 1 or > int.MaxValue)
        {
            throw pull.Invalid("number", $"is {number}, expected a pull request number.");
        }

        var head = pull.RequiredObject("head");
        var baseSide = pull.RequiredObject("base");
        var repository = payload.RequiredObject("repository");
        var baseRepository = baseSide.OptionalObject("repo")?.OptionalString("full_name") ?? repository.RequiredString("full_name");
        var headRepository = head.OptionalObject("repo")?.OptionalString("full_name");
        return PayloadReading.Of(new TriggerEvent
        {
            Name = "pull_request",
            Action = action,
            Ref = $"refs/pull/{number}/merge",
            Sha = GitNames.Sha(head, "sha"),
            FetchRef = $"refs/pull/{number}/head",
            BaseRef = GitNames.Branch(baseSide, "ref"),
            BaseSha = GitNames.OptionalSha(baseSide, "sha"),
            HeadRef = GitNames.Branch(head, "ref"),
            PullRequestNumber = (int)number,
            Actor = payload.OptionalObject("sender")?.OptionalString("login"),

            // A head repository that is gone (a deleted fork) cannot be shown to be this one, so it counts as a fork.
            FromFork = headRepository is null || !string.Equals(headRepository, baseRepository, StringComparison.OrdinalIgnoreCase),
            Repository = repository.RequiredString("full_name"),
            CloneUrl = repository.OptionalString("clone_url"),
            DefaultBranch = repository.OptionalString("default_branch"),
            PayloadJson = host == WebhookHost.GitHub ? GitHubShape.AsSent(json) : GitHubShape.FromGitea(json, action),
        });
    }

    /// <summary>GitHub's pusher has a <c>name</c> (the login); Gitea's has a <c>login</c> and <c>username</c>.</summary>
    private static string? Pusher(PayloadObject? pusher) =>
        pusher is { } p ? p.OptionalString("login") ?? p.OptionalString("username") ?? p.OptionalString("name") : null;
}
