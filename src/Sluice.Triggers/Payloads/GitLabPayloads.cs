using System.Text.Json;

namespace Sluice.Triggers.Payloads;

/// <summary>GitLab's <c>Push Hook</c>, <c>Tag Push Hook</c> and <c>Merge Request Hook</c> payloads, read into GitHub's terms.</summary>
internal static class GitLabPayloads
{
    public static PayloadReading Push(JsonElement root, ReadOnlyMemory<byte> json)
    {
        var payload = PayloadObject.Root(root);
        var reference = GitNames.Ref(payload, "ref");
        var after = GitNames.Sha(payload, "after");
        if (GitNames.IsNoCommit(after))
        {
            return PayloadReading.Ignore($"The push deletes {reference}; a deletion starts no run.");
        }

        var before = GitNames.Sha(payload, "before");

        // For an annotated tag 'after' is the tag object; 'checkout_sha' is the commit it tags.
        var sha = GitNames.OptionalSha(payload, "checkout_sha") ?? after;
        var project = Project.Read(payload.RequiredObject("project"));
        var commits = payload.OptionalObjects("commits");
        var complete = commits?.Count >= (payload.OptionalInteger("total_commits_count") ?? 0);
        var actor = payload.OptionalString("user_username");
        return PayloadReading.Of(new TriggerEvent
        {
            Name = "push",
            Ref = reference,
            Sha = sha,
            FetchRef = reference,
            Before = GitNames.IsNoCommit(before) ? null : before,
            ChangedPaths = ChangedPaths.Of(commits, complete),
            Actor = actor,
            Repository = project.FullName,
            CloneUrl = project.CloneUrl,
            DefaultBranch = project.DefaultBranch,
            PayloadJson = GitHubShape.FromGitLabPush(json, project, sha, actor, payload.OptionalString("user_email"), created: GitNames.IsNoCommit(before)),
        });
    }

    public static PayloadReading MergeRequest(JsonElement root, ReadOnlyMemory<byte> json)
    {
        var payload = PayloadObject.Root(root);
        var request = payload.RequiredObject("object_attributes");
        var hostAction = request.OptionalString("action");
        var merged = hostAction == "merge";
        var action = hostAction switch
        {
            "open" => "opened",
            "reopen" => "reopened",
            "close" or "merge" => "closed",

            // GitLab sends 'update' for a new push (with 'oldrev', the previous head) and for edits of the title or labels.
            "update" => request.OptionalString("oldrev") is null ? "edited" : "synchronize",
            _ => null,
        };
        if (action is null)
        {
            return PayloadReading.Ignore(hostAction is null
                ? "The merge request event has no action; it starts no run."
                : $"The merge request action '{hostAction}' has no pull_request activity type; it starts no run.");
        }

        var number = request.RequiredInteger("iid");
        if (number is < 1 or > int.MaxValue)
        {
            throw request.Invalid("iid", $"is {number}, expected a merge request number.");
        }

        var target = Project.Read(request.OptionalObject("target") ?? payload.RequiredObject("project"));
        var source = request.OptionalObject("source") is { } s ? Project.Read(s) : null;
        var sourceId = request.OptionalInteger("source_project_id");
        var head = new PullSide(GitNames.Branch(request, "source_branch"), GitNames.Sha(request.RequiredObject("last_commit"), "id"), source);
        var baseSide = new PullSide(GitNames.Branch(request, "target_branch"), null, target);
        var actor = payload.OptionalObject("user")?.OptionalString("username");
        return PayloadReading.Of(new TriggerEvent
        {
            Name = "pull_request",
            Action = action,
            Ref = $"refs/pull/{number}/merge",
            Sha = head.Sha!,
            FetchRef = $"refs/merge-requests/{number}/head",
            BaseRef = baseSide.Branch,
            HeadRef = head.Branch,
            PullRequestNumber = (int)number,
            Actor = actor,

            // A deleted source project cannot be shown to be the target, so it counts as a fork.
            FromFork = source is null || sourceId is null || sourceId != request.RequiredInteger("target_project_id"),
            Repository = target.FullName,
            CloneUrl = target.CloneUrl,
            DefaultBranch = target.DefaultBranch,
            PayloadJson = GitHubShape.FromGitLabMergeRequest(json, action, (int)number, merged, request.OptionalString("title"), request.OptionalString("url"), head, baseSide, actor),
        });
    }
}

/// <summary>A GitLab project as GitHub's <c>repository</c> describes one.</summary>
internal sealed record Project(string FullName, string? CloneUrl, string? DefaultBranch, string? WebUrl)
{
    public static Project Read(PayloadObject project) => new(
        project.RequiredString("path_with_namespace"),
        project.OptionalString("git_http_url") ?? project.OptionalString("http_url"),
        project.OptionalString("default_branch"),
        project.OptionalString("web_url"));
}

/// <summary>One side of a pull request: its branch, its commit when known, and its repository when it still exists.</summary>
internal sealed record PullSide(string Branch, string? Sha, Project? Project);
