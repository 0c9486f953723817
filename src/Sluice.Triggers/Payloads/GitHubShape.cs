using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Triggers.Payloads;

/// <summary>
/// Gitea's and GitLab's payloads with GitHub's fields added, for <c>github.event</c>: what workflows commonly read
/// (<c>ref</c>, <c>before</c>, <c>after</c>, <c>repository.*</c>, <c>head_commit</c>, <c>commits</c>, <c>sender.login</c>,
/// <c>pull_request.*</c>, <c>action</c>). The host's own fields stay, so a workflow written for that host still finds them.
/// </summary>
internal static class GitHubShape
{
    /// <summary>GitHub's payload, unchanged.</summary>
    public static string AsSent(ReadOnlyMemory<byte> json) => Encoding.UTF8.GetString(json.Span);

    public static string FromGitea(ReadOnlyMemory<byte> json, string? action)
    {
        var payload = Parse(json);
        if (action is not null)
        {
            payload["action"] = action;
        }

        if (payload["pusher"] is JsonObject pusher && pusher["name"] is null)
        {
            pusher["name"] = (pusher["login"] ?? pusher["username"])?.DeepClone();
        }

        if (payload["compare"] is null && payload["compare_url"] is { } compare)
        {
            payload["compare"] = compare.DeepClone();
        }

        return payload.ToJsonString();
    }

    public static string FromGitLabPush(ReadOnlyMemory<byte> json, Project project, string sha, string? actor, string? email, bool created)
    {
        var payload = Parse(json);
        payload["repository"] = Repository(project, payload["repository"] as JsonObject);
        payload["head_commit"] = (payload["commits"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["id"] is JsonValue id && id.TryGetValue<string>(out var text) && string.Equals(text, sha, StringComparison.OrdinalIgnoreCase))
            ?.DeepClone();
        payload["pusher"] = new JsonObject { ["name"] = actor, ["email"] = email };
        payload["sender"] = new JsonObject { ["login"] = actor };
        payload["created"] = created;
        payload["deleted"] = false;
        return payload.ToJsonString();
    }

    public static string FromGitLabMergeRequest(
        ReadOnlyMemory<byte> json, string action, int number, bool merged, string? title, string? url, PullSide head, PullSide baseSide, string? actor)
    {
        var payload = Parse(json);
        payload["action"] = action;
        payload["number"] = number;
        payload["pull_request"] = new JsonObject
        {
            ["number"] = number,
            ["title"] = title,
            ["state"] = action == "closed" ? "closed" : "open",
            ["merged"] = merged,
            ["html_url"] = url,
            ["head"] = Side(head),
            ["base"] = Side(baseSide),
            ["user"] = new JsonObject { ["login"] = actor },
        };
        payload["repository"] = Repository(baseSide.Project!, payload["repository"] as JsonObject);
        payload["sender"] = new JsonObject { ["login"] = actor };
        return payload.ToJsonString();
    }

    private static JsonObject Side(PullSide side) => new()
    {
        ["ref"] = side.Branch,
        ["sha"] = side.Sha,
        ["repo"] = side.Project is { } project ? Repository(project, existing: null) : null,
    };

    /// <summary>GitHub's repository fields, over the host's own repository object when there is one.</summary>
    private static JsonObject Repository(Project project, JsonObject? existing)
    {
        var repository = existing is null ? [] : (JsonObject)existing.DeepClone();
        var slash = project.FullName.LastIndexOf('/');
        repository["full_name"] = project.FullName;
        repository["name"] = project.FullName[(slash + 1)..];
        repository["owner"] = new JsonObject { ["login"] = slash > 0 ? project.FullName[..slash] : project.FullName };
        repository["default_branch"] = project.DefaultBranch;
        repository["clone_url"] = project.CloneUrl;
        repository["html_url"] = project.WebUrl;
        return repository;
    }

    /// <summary>The body was read once already (it is UTF-8 JSON of bounded depth whose strings are all text); this reads it again as a tree to extend.</summary>
    private static JsonObject Parse(ReadOnlyMemory<byte> json) =>
        JsonNode.Parse(json.Span, documentOptions: WebhookJson.DocumentOptions) as JsonObject
        ?? throw new PayloadException("The body is not a JSON object.");
}
