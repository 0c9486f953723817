using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Server.Tests.CodeHosts;

/// <summary>
/// A code host's commit status API on loopback, as its documentation describes it: GitHub's
/// <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> (Bearer token, <c>Accept: application/vnd.github+json</c>,
/// <c>X-GitHub-Api-Version</c>, a User-Agent; states error, failure, pending, success; a description of at most 140
/// characters), GitLab's <c>POST /projects/:id/statuses/:sha</c> (<c>PRIVATE-TOKEN</c> or Bearer; the project's path
/// URL-encoded; states pending, running, success, failed, canceled; <c>name</c> and <c>ref</c>), Gitea's and Forgejo's
/// <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> (<c>Authorization: token</c>; states pending, success, error,
/// failure, warning). A request that breaks the documentation is answered as the host would (401, 404, 422) and noted
/// in <see cref="Violations"/>; a valid one gets 201 and the status as JSON, unless the test queued another answer.
/// </summary>
public sealed partial class FakeCodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly List<Received> _received = [];
    private readonly List<string> _violations = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string, string?), string> _gitlabStates = [];
    private long _ids;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeCodeHost(WebApplication app, string kind, string token, string path)
    {
        _app = app;
        Kind = kind;
        Token = token;
        Path = path;
    }

    public string Kind { get; }

    public string Token { get; }

    /// <summary>The repository's path there (owner/name).</summary>
    public string Path { get; }

    /// <summary>The API base URL to give Sluice: the root for GitHub, <c>/api/v4</c> for GitLab, <c>/api/v1</c> for Gitea.</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>Every request, valid or not, in the order they came.</summary>
    public int Requests { get; private set; }

    /// <summary>The statuses the host took (answered 201), in order.</summary>
    public IReadOnlyList<Received> Statuses
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    public static async Task<FakeCodeHost> StartAsync(string kind, string token = "host-token-1", string path = "tests/shop")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var host = new FakeCodeHost(app, kind, token, path);
        app.Run(host.HandleAsync);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.ApiUrl = kind switch { "gitlab" => root + "/api/v4", "gitea" => root + "/api/v1", _ => root };
        return host;
    }

    /// <summary>Answers the next valid request with this instead of 201.</summary>
    public void Then(int status, IReadOnlyDictionary<string, string>? headers = null, string body = """{"message":"Server Error"}""") =>
        _answers.Enqueue(new Answer(status, headers ?? new Dictionary<string, string>(), body));

    /// <summary>Waits until the host holds statuses that <paramref name="done"/> accepts.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<Received>, bool> done, string what, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (done(Statuses))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the code host did not get {what} within {patience}; it got: {string.Join(" | ", Statuses)}; violations: {string.Join(" | ", Violations)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(new CancellationToken(true));
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests++;
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var (status, body, received) = await JudgeAsync(context, raw);
        if (status == 201 && _answers.TryDequeue(out var answer))
        {
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            (status, body) = (answer.Status, answer.Body);
        }
        else if (status == 201)
        {
            lock (_gate)
            {
                _received.Add(received!);
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private async Task<(int Status, string Body, Received? Received)> JudgeAsync(HttpContext context, string raw)
    {
        var request = context.Request;
        if (request.Method != "POST")
        {
            return Violation(404, $"{request.Method} {raw}: only POST creates a status", """{"message":"Not Found"}""");
        }

        var pattern = Kind switch
        {
            "gitlab" => GitLabPath(),
            "gitea" => GiteaPath(),
            _ => GitHubPath(),
        };
        var match = pattern.Match(raw);
        if (!match.Success)
        {
            return Violation(404, $"POST {raw} is not the {Kind} statuses route", """{"message":"Not Found"}""");
        }

        var (headersOk, headerStatus, headerBody) = CheckHeaders(request);
        if (!headersOk)
        {
            return (headerStatus, headerBody, null);
        }

        var where = Kind == "gitlab" ? match.Groups["project"].Value : $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}";
        var expected = Kind == "gitlab" ? Uri.EscapeDataString(Path) : Path;
        if (where != expected)
        {
            return Violation(404, $"repository {where}, expected {expected}", Kind == "gitlab" ? """{"message":"404 Project Not Found"}""" : """{"message":"Not Found"}""");
        }

        if (!Sha().IsMatch(match.Groups["sha"].Value))
        {
            return Violation(422, $"sha {match.Groups["sha"].Value} is not a commit", """{"message":"No commit found for SHA"}""");
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Violation(415, $"Content-Type {request.ContentType}", """{"message":"Unsupported Media Type"}""");
        }

        JsonElement json;
        try
        {
            json = (await JsonDocument.ParseAsync(request.Body)).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Violation(400, "body is not JSON: " + ex.Message, """{"message":"Problems parsing JSON"}""");
        }

        string? Text(string name) => json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var state = Text("state");
        string[] states = Kind switch
        {
            "gitlab" => ["pending", "running", "success", "failed", "canceled"],
            "gitea" => ["pending", "success", "error", "failure", "warning"],
            _ => ["error", "failure", "pending", "success"],
        };
        if (state is null || !states.Contains(state))
        {
            return Violation(422, $"state '{state}' is not one of {string.Join(", ", states)}", """{"message":"Validation Failed"}""");
        }

        var context2 = Kind == "gitlab" ? Text("name") : Text("context");
        var description = Text("description") ?? "";
        if (string.IsNullOrEmpty(context2))
        {
            return Violation(422, "no context (name on GitLab)", """{"message":"Validation Failed"}""");
        }

        if (Kind == "github" && description.Length > 140)
        {
            return Violation(422, $"description of {description.Length} characters", """{"message":"Validation Failed","errors":[{"resource":"Status","code":"custom","field":"description","message":"description is too long (maximum is 140 characters)"}]}""");
        }

        if (Kind == "gitlab")
        {
            // GitLab keeps one status per commit, name and ref, and refuses to move it to the state it is in unless
            // that state is finished (then a new one starts).
            var key = (match.Groups["sha"].Value, context2, Text("ref"));
            lock (_gate)
            {
                if (_gitlabStates.TryGetValue(key, out var current) && current == state && state is "pending" or "running")
                {
                    return (400, $$"""{"message":"Cannot transition status via :{{(state == "pending" ? "enqueue" : "run")}} from :{{state}} (Reason(s): Status cannot transition via \"{{(state == "pending" ? "enqueue" : "run")}}\")"}""", null);
                }

                _gitlabStates[key] = state;
            }
        }

        var id = Interlocked.Increment(ref _ids);
        var received = new Received(context2, state, description, Text("target_url"), Text("ref"), match.Groups["sha"].Value);
        var created = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var answer = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["description"] = description,
            ["target_url"] = Text("target_url"),
            ["created_at"] = created,
            ["updated_at"] = created,
        };
        if (Kind == "gitlab")
        {
            (answer["status"], answer["name"], answer["sha"], answer["ref"]) = (state, context2, match.Groups["sha"].Value, Text("ref"));
        }
        else
        {
            (answer["state"], answer["context"]) = (state, context2);
            answer[Kind == "gitea" ? "status" : "url"] = Kind == "gitea" ? state : $"{ApiUrl}/repos/{Path}/statuses/{match.Groups["sha"].Value}";
        }

        return (201, JsonSerializer.Serialize(answer), received);
    }

    private (bool Ok, int Status, string Body) CheckHeaders(HttpRequest request)
    {
        string Header(string name) => request.Headers[name].ToString();
        switch (Kind)
        {
            case "github":
                if (Header("User-Agent").Length == 0)
                {
                    return Refuse(403, "no User-Agent", """{"message":"Request forbidden by administrative rules. Please make sure your request has a User-Agent header"}""");
                }

                if (Header("Authorization") != $"Bearer {Token}")
                {
                    return Refuse(401, $"Authorization '{Header("Authorization")}'", """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}""");
                }

                if (Header("Accept") != "application/vnd.github+json" || Header("X-GitHub-Api-Version") != "2022-11-28")
                {
                    return Refuse(400, $"Accept '{Header("Accept")}', X-GitHub-Api-Version '{Header("X-GitHub-Api-Version")}'", """{"message":"Bad Request"}""");
                }

                break;
            case "gitlab":
                if (Header("PRIVATE-TOKEN") != Token && Header("Authorization") != $"Bearer {Token}")
                {
                    return Refuse(401, "no PRIVATE-TOKEN or Bearer token", """{"message":"401 Unauthorized"}""");
                }

                break;
            default:
                if (Header("Authorization") != $"token {Token}")
                {
                    return Refuse(401, $"Authorization '{Header("Authorization")}'", """{"message":"token is required"}""");
                }

                break;
        }

        return (true, 0, "");
    }

    private (bool, int, string) Refuse(int status, string why, string body)
    {
        var (s, b, _) = Violation(status, why, body);
        return (false, s, b);
    }

    private (int, string, Received?) Violation(int status, string why, string body)
    {
        lock (_gate)
        {
            _violations.Add(why);
        }

        return (status, body, null);
    }

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/statuses/(?<sha>[^/?]+)$")]
    private static partial Regex GitHubPath();

    [GeneratedRegex("^/api/v4/projects/(?<project>[^/]+)/statuses/(?<sha>[^/?]+)$")]
    private static partial Regex GitLabPath();

    [GeneratedRegex("^/api/v1/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/statuses/(?<sha>[^/?]+)$")]
    private static partial Regex GiteaPath();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Sha();

    private sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>A status as the host took it, in the host's words.</summary>
    public sealed record Received(string Context, string State, string Description, string? TargetUrl, string? Ref, string Sha)
    {
        public override string ToString() => $"{Context}={State} ({Description})";
    }
}
