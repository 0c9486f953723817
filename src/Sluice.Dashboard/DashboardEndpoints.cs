using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Sluice.Dashboard;

/// <summary>
/// The web dashboard's routes. Each page path answers the same small HTML shell; its script reads the page's data from
/// the JSON API (<c>/api/v1</c>) as the CLI does, so any replica serves any page. The files live under
/// <c>/ui/VERSION/</c>: a version names the files of one binary, so they are cached for good and a new binary's files
/// are fetched anew; the modules' relative imports keep the version of the page that loaded them.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The pages' paths (the interface people bookmark and link to).</summary>
    public static readonly IReadOnlyList<string> Pages = ["/", "/sign-in", "/agents", "/repos/{name}", "/repos/{name}/deployments", "/runs/{id:long}", "/runs/{id:long}/jobs/{job}"];

    /// <summary>
    /// Each page's own files, named in its shell so that they load beside the core modules: otherwise a page's module
    /// is asked for only once app.js has run, and its data only once that module has run, one wait after another.
    /// </summary>
    private static readonly Dictionary<string, string[]> PageFiles = new(StringComparer.Ordinal)
    {
        ["/"] = ["js/pages/runs.js"],
        ["/sign-in"] = ["js/pages/signin.js"],
        ["/agents"] = ["js/pages/agents.js", "js/metrics.js"],
        ["/repos/{name}"] = ["js/pages/repo.js", "js/pages/runs.js"],
        ["/repos/{name}/deployments"] = ["js/pages/deployments.js", "js/dora.js", "js/charts.js"],
        ["/runs/{id:long}"] = ["js/pages/run.js", "js/graph.js"],
        ["/runs/{id:long}/jobs/{job}"] = ["js/pages/job.js", "js/log-viewer.js", "js/log-feed.js", "js/ansi.js", "log.css"],
    };

    /// <summary>
    /// What a page may load and run: its own files only. Even if a string a workflow controls reached the page as markup
    /// (the pages never put one there other than as text), no script of it would run.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static DashboardPages Map(IEndpointRouteBuilder app)
    {
        var assets = DashboardAssets.Load();
        var shell = assets.WithVersion("index.html", "");
        foreach (var page in Pages)
        {
            var own = assets.WithVersion("index.html", Preloads(assets, PageFiles[page]));
            // Pages, not API: the OpenAPI document leaves them out.
            app.MapGet(page, context => SendAsync(context, own, immutable: false)).ExcludeFromDescription();
        }

        app.MapGet("/ui/{version}/{**path}", context =>
        {
            var version = (string)context.Request.RouteValues["version"]!;
            var path = (string?)context.Request.RouteValues["path"] ?? "";
            if (path == "index.html" || assets.Find(path) is not { } asset)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            // A page of an older binary may still ask for its files by their old version: it gets today's, not cached for good.
            return SendAsync(context, asset, immutable: version == assets.Version);
        }).ExcludeFromDescription();
        return new DashboardPages(shell);
    }

    private static string Preloads(DashboardAssets assets, IEnumerable<string> files) => string.Concat(files.Select(file =>
    {
        var path = assets.Find(file) is not null ? $"/ui/{assets.Version}/{file}" : throw new InvalidOperationException($"the dashboard has no file {file}");
        return file.EndsWith(".css", StringComparison.Ordinal) ? $"<link rel=\"stylesheet\" href=\"{path}\">\n" : $"<link rel=\"modulepreload\" href=\"{path}\">\n";
    }));

    /// <summary>
    /// A browser asking for a page the dashboard does not have (a GET for HTML outside the API): it gets the page shell
    /// with a 404, whose script says there is no such page, rather than the API's JSON problem.
    /// </summary>
    public static bool IsPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);


    internal static Task SendAsync(HttpContext context, DashboardAsset asset, bool immutable)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = asset.ETag;
        headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.IfNoneMatch.Any(tag => tag == asset.ETag || tag == "*"))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var (body, encoding) = Choose(context.Request.Headers.AcceptEncoding.ToString(), asset);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static (byte[] Body, string? Encoding) Choose(string acceptEncoding, DashboardAsset asset)
    {
        var accepted = StringWithQualityHeaderValue.TryParseList(acceptEncoding.Split(','), out var list) ? list : [];
        bool Accepts(string coding) => accepted.Any(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        if (asset.Brotli is { } brotli && Accepts("br"))
        {
            return (brotli, "br");
        }

        if (asset.Gzip is { } gzip && Accepts("gzip"))
        {
            return (gzip, "gzip");
        }

        return (asset.Identity, null);
    }
}
