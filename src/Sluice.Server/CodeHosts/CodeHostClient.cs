using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Server.CodeHosts;

/// <summary>
/// Posts one commit status to a code host, in its own API's words, and says how it went: the host took it, the post
/// may succeed later (when), or the host refused it for good (why). Never throws for what the host or the network did.
/// </summary>
public sealed class CodeHostClient(HttpClient http, TimeProvider time)
{
    /// <summary>The version of GitHub's REST API the requests are written for (the <c>X-GitHub-Api-Version</c> header).</summary>
    public const string GitHubApiVersion = "2022-11-28";

    /// <summary>A rate limit that names no time to wait is waited out this long (GitHub: "wait for at least one minute").</summary>
    public static readonly TimeSpan UnnamedRateLimitWait = TimeSpan.FromMinutes(1);

    public async Task<PostOutcome> PostAsync(CodeHostPost post, CancellationToken cancellationToken)
    {
        using var request = Request(post);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Judge(post.Host, response, body);
        }
        catch (HttpRequestException ex)
        {
            return PostOutcome.Transient($"the host could not be reached: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PostOutcome.Transient($"the host did not answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The request the host's documented API expects.</summary>
    public static HttpRequestMessage Request(CodeHostPost post)
    {
        var api = post.ApiUrl.TrimEnd('/');
        var sha = Uri.EscapeDataString(post.Sha);
        var state = CodeHostKinds.State(post.Host, post.State);
        var body = new Dictionary<string, string>(StringComparer.Ordinal) { ["state"] = state, ["description"] = post.Description };
        if (post.TargetUrl is { } url)
        {
            body["target_url"] = url;
        }

        HttpRequestMessage request;
        switch (post.Host)
        {
            case CodeHostKinds.GitLab:
                // GitLab: POST /projects/:id/statuses/:sha, the project's id or its URL-encoded path; the context is "name".
                var project = Uri.EscapeDataString(post.Path);
                body["name"] = post.Context;
                if (BranchOrTag(post.Ref) is { } name)
                {
                    body["ref"] = name;
                }

                request = new HttpRequestMessage(HttpMethod.Post, $"{api}/projects/{project}/statuses/{sha}");
                request.Headers.Add("PRIVATE-TOKEN", post.Token);
                break;
            case CodeHostKinds.GitHub:
                body["context"] = post.Context;
                request = new HttpRequestMessage(HttpMethod.Post, $"{api}/repos/{OwnerAndName(post.Path)}/statuses/{sha}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
                request.Headers.Add("X-GitHub-Api-Version", GitHubApiVersion);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", post.Token);
                break;
            default:
                body["context"] = post.Context;
                request = new HttpRequestMessage(HttpMethod.Post, $"{api}/repos/{OwnerAndName(post.Path)}/statuses/{sha}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Headers.Authorization = new AuthenticationHeaderValue("token", post.Token);
                break;
        }

        // GitHub refuses requests without a User-Agent; the others are told who is asking too.
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("sluice", ThisVersion));
        request.Content = new StringContent(JsonSerializer.Serialize(body, ServerJson.Default.DictionaryStringString), Encoding.UTF8, "application/json");
        return request;
    }

    private PostOutcome Judge(string host, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return PostOutcome.Sent;
        }

        var said = $"HTTP {status}{Message(body)}";
        if (host == CodeHostKinds.GitLab && status == 400 && said.Contains("Cannot transition status", StringComparison.Ordinal))
        {
            // GitLab refuses to set a status to the state it is in already (a new description of a pending job): the
            // commit shows that state, which is what was asked.
            return PostOutcome.Sent;
        }

        if (RateLimitedUntil(host, response) is { } until)
        {
            return PostOutcome.RateLimited(until, said);
        }

        return status is >= 500 or (int)HttpStatusCode.RequestTimeout
            ? PostOutcome.Transient(said)
            : PostOutcome.Refused(said + Hint(host, status));
    }

    /// <summary>
    /// When a refusal is a rate limit, the time to wait for: <c>Retry-After</c> (seconds or a date) when given, else
    /// GitHub's <c>x-ratelimit-reset</c> when <c>x-ratelimit-remaining</c> is 0, else GitLab's <c>RateLimit-Reset</c>,
    /// else a minute. GitHub says a rate limit with 403 or 429; GitLab and Gitea with 429.
    /// </summary>
    private DateTimeOffset? RateLimitedUntil(string host, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var remaining = Header(response, "x-ratelimit-remaining");
        var exhausted = remaining == "0";
        var limited = status == 429 || (status == 403 && host == CodeHostKinds.GitHub && (exhausted || response.Headers.RetryAfter is not null));
        if (!limited)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta is { } delta ? now + delta : retryAfter.Date ?? now + UnnamedRateLimitWait;
        }

        var reset = exhausted ? Header(response, "x-ratelimit-reset") : Header(response, "RateLimit-Reset");
        return long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && DateTimeOffset.FromUnixTimeSeconds(epoch) is var at && at > now
            ? at
            : now + UnnamedRateLimitWait;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    /// <summary>The host's own message (<c>message</c> on GitHub, GitLab and Gitea), cut short; nothing else of the body.</summary>
    private static string Message(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message))
            {
                var text = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();
                return ": " + CodeHostKinds.Cut(Sluice.Security.Printable.Of(text), 300);
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    private static string Hint(string host, int status) => status switch
    {
        401 => "; the token is not valid any more: set a new one with sluice repo statuses NAME ... --token-stdin",
        403 => $"; the token may not set commit statuses there ({TokenScope(host)})",
        404 => "; check --path and --api, and that the token can see the repository",
        422 => "; the host refused the status itself (on GitHub, also after 1000 statuses of one commit and context)",
        _ => "",
    };

    /// <summary>What the token needs on each host, as the documentation of each says.</summary>
    public static string TokenScope(string host) => host switch
    {
        CodeHostKinds.GitHub => "GitHub: a fine-grained token with the repository permission Commit statuses: write, or a classic token with repo:status",
        CodeHostKinds.GitLab => "GitLab: a token with the api scope, of a member with at least the Developer role",
        _ => "Gitea and Forgejo: a token with the write:repository scope, of a user with write access",
    };

    private static string OwnerAndName(string path)
    {
        var parts = path.Split('/', 2);
        return $"{Uri.EscapeDataString(parts[0])}/{Uri.EscapeDataString(parts[1])}";
    }

    /// <summary>A ref as GitLab's <c>ref</c> field takes it: a branch or tag name; null for other refs (pull requests).</summary>
    public static string? BranchOrTag(string? gitRef) =>
        gitRef is null ? null
        : gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..]
        : gitRef.StartsWith("refs/tags/", StringComparison.Ordinal) ? gitRef["refs/tags/".Length..]
        : gitRef.StartsWith("refs/", StringComparison.Ordinal) ? null
        : gitRef;

    private static string ThisVersion =>
        typeof(CodeHostClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
}

/// <summary>One status as a host is asked to take it (the token opened, the state still in Sluice's words).</summary>
public sealed record CodeHostPost(string Host, string ApiUrl, string Path, string Token, string Sha, string Context, string State, string Description, string? TargetUrl, string? Ref);

/// <summary>How a post went: <see cref="Kind"/> sent, transient (try again soon), rate limited (try at <see cref="RetryAt"/>), refused (give up).</summary>
public sealed record PostOutcome(PostOutcomeKind Kind, DateTimeOffset? RetryAt, string? Reason)
{
    public static readonly PostOutcome Sent = new(PostOutcomeKind.Sent, null, null);

    public static PostOutcome Transient(string reason) => new(PostOutcomeKind.Transient, null, reason);

    public static PostOutcome RateLimited(DateTimeOffset until, string reason) => new(PostOutcomeKind.RateLimited, until, reason);

    public static PostOutcome Refused(string reason) => new(PostOutcomeKind.Refused, null, reason);
}

public enum PostOutcomeKind
{
    Sent,
    Transient,
    RateLimited,
    Refused,
}
