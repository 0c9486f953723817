using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sluice.Testing.Git;

/// <summary>
/// A real git server on loopback: git's own <c>git http-backend</c>, run as a CGI program (the environment its
/// documentation gives) behind an <see cref="HttpListener"/> on 127.0.0.1, serving the repositories under
/// <see cref="Root"/>. It logs every request, can ask for Basic auth on chosen repositories, can hold fetches
/// until a test lets them go, and can keep silent on chosen repositories.
/// </summary>
public sealed class GitHttpHost : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<HostRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _privateRepositories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _silentRepositories = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(Func<HostRequest, bool> Match, TaskCompletionSource<HostRequest> Seen)> _watches = [];
    private readonly Lock _gate = new();
    private readonly Task _serving;
    private TaskCompletionSource? _fetchGate;

    public GitHttpHost(string root)
    {
        Root = root;
        (_listener, BaseUrl) = Listen();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The folder whose <c>owner/repo.git</c> repositories are served.</summary>
    public string Root { get; }

    public Uri BaseUrl { get; }

    /// <summary>When true, the host speaks git's protocol v0 only, in which a commit that is no ref's tip cannot be fetched by SHA.</summary>
    public bool ProtocolV0Only { get; set; }

    public IReadOnlyList<HostRequest> Requests => [.. _requests];

    public int FetchCount => _requests.Count(r => r.IsFetch);

    /// <summary>A port nothing listens on: connections to it are refused.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts a listener on a free loopback port; another process may take the port first, so a few are tried, each
    /// with a new listener (one whose start failed is closed and cannot be used again).
    /// </summary>
    private static (HttpListener Listener, Uri Url) Listen()
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.AbsoluteUri);
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Taken between the probe and the start: try another.
                listener.Close();
            }
        }
    }

    /// <summary>Requests for owner/repo need Basic auth with this token as the password, as GitHub takes a token.</summary>
    public void RequireToken(string ownerAndRepository, string token) => _privateRepositories[ownerAndRepository] = token;

    /// <summary>Requests for owner/repo are accepted and never answered.</summary>
    public void KeepSilent(string ownerAndRepository) => _silentRepositories[ownerAndRepository] = true;

    /// <summary>From now on fetches wait until the returned source is completed.</summary>
    public TaskCompletionSource HoldFetches()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fetchGate = gate;
        return gate;
    }

    /// <summary>Completes when a request matching <paramref name="match"/> arrives (or has arrived).</summary>
    public Task<HostRequest> WaitForAsync(Func<HostRequest, bool> match)
    {
        var seen = new TaskCompletionSource<HostRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var already = _requests.FirstOrDefault(match);
            if (already is not null)
            {
                seen.SetResult(already);
            }
            else
            {
                _watches.Add((match, seen));
            }
        }

        return seen.Task.WaitAsync(GitCli.Timeout);
    }

    /// <summary>Stops listening: from now on connections to the host are refused.</summary>
    public ValueTask StopAsync() => DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _fetchGate?.TrySetResult();
        _listener.Close();
        try
        {
            await _serving.WaitAsync(GitCli.Timeout);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing the listener ends the accept loop with one of these.
        }

    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            using var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body, _stopping.Token);
            var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
            var repository = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Take(2)).Replace(".git", "", StringComparison.Ordinal);
            var authorization = request.Headers["Authorization"];
            var authorized = !_privateRepositories.TryGetValue(repository, out var token)
                || authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
            var logged = new HostRequest(request.HttpMethod, path, request.Url.Query, authorization, IsFetch(request, body.ToArray()), authorized);
            Log(logged);

            if (!authorized)
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"sluice-tests\"");
                response.Close();
                return;
            }

            if (_silentRepositories.ContainsKey(repository))
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token);
            }

            if (logged.IsFetch && _fetchGate is { } gate)
            {
                await gate.Task.WaitAsync(_stopping.Token);
            }

            await RunBackendAsync(request, path, body.ToArray(), response);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            response.Abort();
        }
    }

    /// <summary>git http-backend as a CGI program: request in its environment and standard input, response from its standard output.</summary>
    private async Task RunBackendAsync(HttpListenerRequest request, string path, byte[] body, HttpListenerResponse response)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("http-backend");
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_PROJECT_ROOT"] = Root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["REQUEST_METHOD"] = request.HttpMethod;
        start.Environment["PATH_INFO"] = path;
        start.Environment["QUERY_STRING"] = request.Url!.Query.TrimStart('?');
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        start.Environment["CONTENT_LENGTH"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["REMOTE_USER"] = request.Headers["Authorization"] is null ? "" : "x-access-token";
        if (request.Headers["Content-Encoding"] is { } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (!ProtocolV0Only && request.Headers["Git-Protocol"] is { } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        using var backend = Process.Start(start)!;
        var errors = backend.StandardError.ReadToEndAsync();
        await backend.StandardInput.BaseStream.WriteAsync(body, _stopping.Token);
        backend.StandardInput.Close();

        var output = backend.StandardOutput.BaseStream;
        foreach (var header in await ReadHeadersAsync(output))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (header[..colon].Trim(), header[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.AddHeader(name, value);
            }
        }

        response.SendChunked = true;
        await output.CopyToAsync(response.OutputStream, _stopping.Token);
        await backend.WaitForExitAsync(_stopping.Token);
        await errors;
        response.Close();
    }

    /// <summary>The CGI header lines, up to the empty line; the stream is left at the body.</summary>
    private static async Task<List<string>> ReadHeadersAsync(Stream output)
    {
        var headers = new List<string>();
        var line = new List<byte>();
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            if (one[0] != '\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                break;
            }

            headers.Add(text);
        }

        return headers;
    }

    /// <summary>A request for objects: an upload-pack POST that wants something (a ref listing wants nothing).</summary>
    private static bool IsFetch(HttpListenerRequest request, byte[] body)
    {
        if (request.HttpMethod != "POST" || !request.Url!.AbsolutePath.EndsWith("/git-upload-pack", StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = body;
        if (request.Headers["Content-Encoding"] == "gzip")
        {
            using var unzipped = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress))
            {
                gzip.CopyTo(unzipped);
            }

            bytes = unzipped.ToArray();
        }

        return Encoding.ASCII.GetString(bytes).Contains("want ", StringComparison.Ordinal);
    }

    private void Log(HostRequest request)
    {
        List<TaskCompletionSource<HostRequest>> matched;
        lock (_gate)
        {
            _requests.Enqueue(request);
            matched = [.. _watches.Where(w => w.Match(request)).Select(w => w.Seen)];
            _watches.RemoveAll(w => matched.Contains(w.Seen));
        }

        foreach (var seen in matched)
        {
            seen.TrySetResult(request);
        }
    }
}

/// <summary>One request the host received: what, for which path, with which Authorization header, and whether it fetched objects.</summary>
public sealed record HostRequest(string Method, string Path, string Query, string? Authorization, bool IsFetch, bool Authorized);
