using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Every endpoint, asked without a token, with a wrong one, with too small a scope, with broken, mistyped, missing,
/// nested and oversized bodies, and with names and ids that try to leave their place: each answer is a 4xx problem
/// details document, never a 500 and never a stack trace.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed partial class HostileInputTests : IDisposable
{
    private const string Repo = "target";

    private readonly Fleet _fleet = new();
    private readonly List<string> _wrong = [];

    /// <summary>The endpoints of the API: method, path (with a real repository and run), the scope they need, and a valid body.</summary>
    private static readonly (string Method, string Path, string Scope, string? Body)[] ClientEndpoints =
    [
        ("GET", "api/v1/repos", "read", null),
        ("POST", "api/v1/repos", "admin", """{"name":"another","url":"/nonexistent"}"""),
        ("POST", $"api/v1/repos/{Repo}/runs", "trigger", "{}"),
        ("PUT", $"api/v1/repos/{Repo}/secrets/A_SECRET", "admin", """{"value":"v"}"""),
        ("GET", "api/v1/runs", "read", null),
        ("GET", "api/v1/runs/RUN", "read", null),
        ("GET", "api/v1/runs/RUN/logs", "read", null),
        ("GET", "api/v1/runs/RUN/summaries", "read", null),
        ("POST", "api/v1/runs/RUN/cancel", "trigger", null),
        ("GET", "api/v1/agents", "read", null),
        ("POST", "api/v1/tokens", "admin", """{"scope":"read"}"""),
        ("GET", "api/v1/audit", "admin", null),
        ("GET", $"api/v1/repos/{Repo}/caches", "read", null),
        ("GET", "api/v1/tokens", "admin", null),
        ("DELETE", "api/v1/tokens/1", "admin", null),
        ("DELETE", "api/v1/agents/someone", "admin", null),
        ("POST", "api/v1/agents/someone/disable", "admin", null),
        ("POST", "api/v1/agents/someone/enable", "admin", null),
    ];

    /// <summary>The endpoints of one attempt of a job, each with a body it would accept from the attempt's holder.</summary>
    private static readonly (string Endpoint, string? Body)[] AttemptEndpoints =
    [
        ("heartbeat", """{"waitSeconds":0}"""),
        ("logs", """{"entries":[{"seq":1,"kind":"line","text":"x"}]}"""),
        ("complete", """{"conclusion":"success","outputs":{},"steps":[],"summaries":[],"durationSeconds":1}"""),
        ("abandon", "the agent could not start a worker"),
        ("source", null),
        ("history/runs", """{"commitSha":"c","treeHash":"t","branch":"main","tests":[],"benchmarks":[]}"""),
        ("history/results", """{"runs":[1],"failingOnly":true}"""),
    ];

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Every_endpoint_answers_hostile_requests_with_problem_details_and_never_a_server_error()
    {
        var repository = _fleet.Repository(Repo, (".github/workflows/ci.yml", "on: push\njobs:\n  j:\n    runs-on: nobody-has-this\n    steps: [{ run: echo hi }]\n"));
        await _fleet.StartServerAsync();
        await _fleet.AddRepositoryAsync(Repo, repository);
        var run = await _fleet.TriggerAsync(Repo);
        var tokens = new Dictionary<string, string> { ["admin"] = _fleet.AdminToken };
        foreach (var scope in new[] { "read", "trigger", "agent" })
        {
            tokens[scope] = (await _fleet.Api.SendAsync(HttpMethod.Post, "api/v1/tokens", new TokenCreate(scope, null, null), ProtocolJson.Default.TokenCreate, ProtocolJson.Default.TokenCreated, CancellationToken.None))!.Token;
        }

        using var http = new HttpClient { BaseAddress = new Uri(_fleet.Url + "/"), Timeout = Fleet.Patience };
        var weaker = new Dictionary<string, string> { ["read"] = "agent", ["trigger"] = "read", ["admin"] = "trigger" };
        foreach (var (method, template, scope, body) in ClientEndpoints)
        {
            var path = template.Replace("RUN", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            await ExpectAsync(http, method, path, null, body, 401, "no token");
            // 401 at first; once this address has failed often, 429 with Retry-After (the throttle): any 4xx problem.
            await ExpectAsync(http, method, path, "slu_adm_" + new string('x', 43), body, null, "an unknown token");
            await ExpectAsync(http, method, path, "not even a token", body, null, "a malformed token");
            await ExpectAsync(http, method, path, tokens[weaker[scope]], body, 403, $"a '{weaker[scope]}' token");
            if (body is not null)
            {
                await BodiesAsync(http, method, path, tokens["admin"]);
            }
        }

        foreach (var path in new[] { "api/v1/runs/999999", "api/v1/runs/999999/logs", "api/v1/runs/999999/cancel", "api/v1/runs/-1", "api/v1/runs/abc", "api/v1/runs/99999999999999999999999", "api/v1/runs/1e3/logs" })
        {
            await ExpectAsync(http, path.EndsWith("cancel", StringComparison.Ordinal) ? "POST" : "GET", path, tokens["admin"], null, 404, "an unknown run");
        }

        // Tokens and agents named by what is not there, or by what could not name anything.
        foreach (var (path, status) in new[]
        {
            ("api/v1/tokens/99999999999999999999999", 400), ("api/v1/tokens/-1", 400), ("api/v1/tokens/0", 400), ("api/v1/tokens/987654", 404),
            ("api/v1/tokens/slu_adm_", 400), ("api/v1/tokens/slu_adm_" + new string('x', 400), 400),
            ("api/v1/tokens/%E2%80%AEslu_adm_abcd", 400), ("api/v1/tokens/slu_agc_zzzzzzzz", 404), ("api/v1/tokens/..%2F..%2Fetc%2Fpasswd", 400),
            ("api/v1/agents/" + new string('a', 101), 400), ("api/v1/agents/%01", 400), ("api/v1/agents/%23999999", 404), ("api/v1/agents/..%2F..", 404),
        })
        {
            await ExpectAsync(http, "DELETE", path, tokens["admin"], null, status, "a name of nothing");
        }

        // A NUL in the path is refused by the web server itself, before the application sees it.
        foreach (var path in new[] { "api/v1/tokens/slu_adm_%00%00%00%00", "api/v1/agents/%00" })
        {
            await ExpectAsync(http, "DELETE", path, tokens["admin"], null, 400, "a NUL in the name", bare: true);
        }

        foreach (var name in new[] { "..", "..%2F..%2Fetc", "%2E%2E", "a%2Fb", "..%5C..%5Cwindows", "x%0Ay", "%00" })
        {
            // Kestrel itself refuses a path with a NUL in it, before any endpoint sees it: a bare 400.
            var bare = name == "%00";
            await ExpectAsync(http, "POST", $"api/v1/repos/{name}/runs", tokens["admin"], "{}", null, $"repository '{name}'", bare);
            await ExpectAsync(http, "PUT", $"api/v1/repos/{name}/secrets/A", tokens["admin"], """{"value":"v"}""", null, $"repository '{name}'", bare);
            await ExpectAsync(http, "PUT", $"api/v1/repos/{Repo}/secrets/{name}", tokens["admin"], """{"value":"v"}""", null, $"secret '{name}'", bare);
        }

        foreach (var name in new[] { "../../etc", "a/b", "..", ".hidden", "-rf", "a\\b", "x\u0000y", new string('a', 101), "" })
        {
            await ExpectAsync(http, "POST", "api/v1/repos", tokens["admin"], JsonSerializer.Serialize(new RepositoryCreate(name, "/tmp", null, null), ProtocolJson.Default.RepositoryCreate), 400, $"a repository named '{name}'");
        }

        var pwned = Path.Combine(_fleet.Root.Path, "pwned");
        string[] urls = [$"--upload-pack=touch {pwned}", "-c core.sshCommand=x", $"ext::sh -c touch% {pwned}", "", "file:///etc/passwd"];
        for (var i = 0; i < urls.Length; i++)
        {
            await ExpectAsync(http, "POST", "api/v1/repos", tokens["admin"], JsonSerializer.Serialize(new RepositoryCreate($"fresh-{i}", urls[i], null, null), ProtocolJson.Default.RepositoryCreate), null, $"a repository at '{urls[i]}'");
        }

        Assert.False(File.Exists(pwned), "a repository URL ran a command");

        // The agent protocol: registration needs a registration token, claims an agent credential, an attempt's writes its lease.
        await ExpectAsync(http, "POST", "api/v1/agents/register", null, """{"name":"a","labels":[],"version":"1"}""", 401, "no token");
        await ExpectAsync(http, "POST", "api/v1/agents/register", tokens["admin"], """{"name":"a","labels":[],"version":"1"}""", 401, "an admin token");
        await BodiesAsync(http, "POST", "api/v1/agents/register", tokens["agent"]);
        await ExpectAsync(http, "POST", "api/v1/agent/claim", null, """{"waitSeconds":0}""", 401, "no token");
        await ExpectAsync(http, "POST", "api/v1/agent/claim", tokens["admin"], """{"waitSeconds":0}""", 401, "an admin token");
        foreach (var (endpoint, body) in AttemptEndpoints)
        {
            var method = endpoint == "source" ? "GET" : "POST";
            var path = $"api/v1/jobs/1/attempts/1/{endpoint}";
            await ExpectAsync(http, method, path, null, body, 401, "no token");
            await ExpectAsync(http, method, path, "slu_lease_" + new string('x', 43), body, 409, "a lease token that is not the attempt's");
            await ExpectAsync(http, method, path, "slu_lease_" + new string('x', 43), "{}", null, "a lease token that is not the attempt's and an empty object");
            await ExpectAsync(http, method, $"api/v1/jobs/abc/attempts/1/{endpoint}", "x", "{}", 404, "a job id that is not a number");
            await ExpectAsync(http, method, $"api/v1/jobs/1/attempts/99999999999/{endpoint}", "x", "{}", 404, "an attempt past int");
            if (method == "POST")
            {
                await ExpectAsync(http, method, path, "x", new string('a', 33 * 1024 * 1024), null, "a body over the size limit");
            }
        }

        // The caches of a job's repository: a lease that is not the attempt's reads and writes nothing, whatever the key.
        foreach (var query in new[] { "?key=k&version=v", "?key=" + new string('k', 600) + "&version=v", "?key=a,b&version=..%2F..", "?key=%00&restoreKeys=" + string.Concat(Enumerable.Repeat("&restoreKeys=x", 100)) })
        {
            await ExpectAsync(http, "GET", "api/v1/jobs/1/attempts/1/caches" + query, "slu_lease_" + new string('x', 43), null, 409, "a lease token that is not the attempt's");
            await ExpectAsync(http, "PUT", "api/v1/jobs/1/attempts/1/caches" + query, "slu_lease_" + new string('x', 43), "archive", 409, "a lease token that is not the attempt's");
        }

        await ExpectAsync(http, "GET", "api/v1/jobs/1/attempts/1/caches/abc", "x", null, 404, "a cache id that is not a number");
        await ExpectAsync(http, "GET", "api/v1/jobs/1/attempts/1/caches/99999999999999999999999", "x", null, 404, "a cache id past long");
        await ExpectAsync(http, "GET", "api/v1/jobs/1/attempts/1/caches/1", "slu_lease_" + new string('x', 43), null, 409, "a lease token that is not the attempt's");
        await ExpectAsync(http, "GET", "api/v1/nothing-here", tokens["admin"], null, 404, "an unknown path");
        await ExpectAsync(http, "DELETE", "api/v1/repos", tokens["admin"], null, null, "an unknown method");

        Assert.True(_wrong.Count == 0, $"{_wrong.Count} answer(s) were wrong:\n" + string.Join("\n", _wrong));
    }

    public void Dispose() => _fleet.Dispose();

    /// <summary>Broken, mistyped, missing, deeply nested and oversized bodies for an endpoint that reads one.</summary>
    private async Task BodiesAsync(HttpClient http, string method, string path, string token)
    {
        var bodies = new Dictionary<string, (byte[] Body, int? Status)>
        {
            ["malformed JSON"] = ("{\"name\": "u8.ToArray(), 400),
            ["not an object"] = ("[1, 2, 3]"u8.ToArray(), 400),
            ["null"] = ("null"u8.ToArray(), 400),
            ["wrong types"] = ("""{"name": 5, "url": [], "scope": {}, "value": 12, "inputs": "x", "labels": "x", "event": 1, "waitSeconds": "soon"}"""u8.ToArray(), 400),
            ["nesting 10,000 deep"] = (Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000)), 400),
            ["a body over the size limit"] = (Encoding.ASCII.GetBytes("{\"name\": \"" + new string('a', 33 * 1024 * 1024) + "\"}"), 413),
            // Every field that some endpoint reads, so that each endpoint meets the broken text in a value it reads.
            ["invalid UTF-8"] = ([.. "{\"event\": \""u8, 0xC3, 0x28, 0xFF, .. "\", \"name\": \""u8, 0xC3, 0x28, .. "\", \"scope\": \""u8, 0xFF, .. "\", \"value\": \""u8, 0xFE, .. "\"}"u8], 400),
        };
        if (!path.EndsWith("/runs", StringComparison.Ordinal))
        {
            // A trigger takes an empty object (every field is optional); every other body has fields it needs.
            bodies["missing fields"] = (Encoding.UTF8.GetBytes("{}"), 400);
            bodies["nulls where values belong"] = (Encoding.UTF8.GetBytes("""{"name": null, "url": null, "scope": null, "value": null, "labels": null, "version": null}"""), 400);
        }

        foreach (var (what, (body, status)) in bodies)
        {
            await ExpectBytesAsync(http, method, path, token, body, status, what);
        }
    }

    private Task ExpectAsync(HttpClient http, string method, string path, string? token, string? body, int? status, string what, bool bare = false) =>
        ExpectBytesAsync(http, method, path, token, body is null ? null : Encoding.UTF8.GetBytes(body), status, what, bare);

    /// <summary>
    /// Sends one request and records what is wrong with its answer: a status other than <paramref name="status"/> (any
    /// 4xx when null), or a body that is not problem details (a bodiless 400 is right when <paramref name="bare"/>:
    /// the web server refused the request before the application saw it).
    /// </summary>
    private async Task ExpectBytesAsync(HttpClient http, string method, string path, string? token, byte[]? body, int? status, string what, bool bare = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            // As a careful client sends a large body: the server may refuse it from its headers, before it is sent.
            request.Headers.ExpectContinue = body.Length > 1024 * 1024;
        }

        var label = $"{method} /{path} with {what}";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException ex)
        {
            _wrong.Add($"{label}: the connection failed: {ex.Message}");
            return;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode;
            if (status is { } expected ? code != expected : code is < 400 or >= 500)
            {
                _wrong.Add($"{label}: {code} instead of {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "4xx"}: {Shorten(text)}");
                return;
            }

            if (bare && code == 400 && text.Length == 0)
            {
                return;
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                _wrong.Add($"{label}: {code} with content type '{response.Content.Headers.ContentType}' instead of application/problem+json: {Shorten(text)}");
                return;
            }

            Problem? problem;
            try
            {
                problem = JsonSerializer.Deserialize(text, ProtocolJson.Default.Problem);
            }
            catch (JsonException)
            {
                problem = null;
            }

            if (problem is null || problem.Status != code || string.IsNullOrEmpty(problem.Title) || string.IsNullOrEmpty(problem.Detail))
            {
                _wrong.Add($"{label}: {code} with a body that is not a complete problem document: {Shorten(text)}");
            }
            else if (StackFrame().IsMatch(text) || text.Contains("Exception", StringComparison.Ordinal) || text.Contains("System.", StringComparison.Ordinal) || text.Contains("Sluice.", StringComparison.Ordinal))
            {
                _wrong.Add($"{label}: {code} with internals in its detail: {Shorten(text)}");
            }
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"\bat [\w.`<>]+\(")]
    private static partial Regex StackFrame();
}
