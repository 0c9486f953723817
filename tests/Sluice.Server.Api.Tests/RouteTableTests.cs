using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>The document against the routes the running server really has: none undocumented, none documented that it lacks.</summary>
[Collection(ApiServerCollection.Name)]
public sealed partial class RouteTableTests(ApiServer api)
{
    private static readonly string[] UserScopes = ["read", "trigger", "admin"];

    [Fact]
    public void Every_route_the_server_answers_is_documented_and_every_documented_route_is_answered()
    {
        var served = ServedRoutes().Select(r => $"{r.Method} {r.Path}").ToHashSet();
        var documented = api.Document.Operations().Select(o => o.ToString()).ToHashSet();

        Assert.True(served.Count > 20, $"the server's route table looks empty: {string.Join(", ", served)}");
        var undocumented = served.Except(documented).Order().ToList();
        var absent = documented.Except(served).Order().ToList();
        Assert.True(undocumented.Count == 0, "routes the server answers that src/Sluice.Server/Api/openapi.json does not describe:\n" + string.Join("\n", undocumented));
        Assert.True(absent.Count == 0, "operations src/Sluice.Server/Api/openapi.json describes that the server does not answer:\n" + string.Join("\n", absent));
    }

    [Fact]
    public void Every_path_parameter_is_declared_once_as_required_with_the_type_of_its_route_constraint()
    {
        foreach (var route in ServedRoutes())
        {
            if (api.Document.Find(route.Method, route.Path) is not { } operation)
            {
                continue;
            }

            var declared = operation.Parameters.Where(p => p.GetProperty("in").GetString() == "path").ToList();
            Assert.Equal(route.Parameters.Select(p => p.Name).Order(), declared.Select(p => p.GetProperty("name").GetString()!).Order());
            foreach (var parameter in route.Parameters)
            {
                var documented = declared.Single(p => p.GetProperty("name").GetString() == parameter.Name);
                Assert.True(documented.GetProperty("required").GetBoolean(), $"{operation}: the path parameter '{parameter.Name}' must be required");
                var constraint = parameter.ParameterPolicies.Select(p => p.Content).FirstOrDefault();
                var expected = constraint switch
                {
                    "long" => "integer/int64",
                    "int" => "integer/int32",
                    null => "string/",
                    _ => throw new InvalidOperationException($"{operation}: the test does not know the route constraint '{constraint}'"),
                };
                var schema = documented.GetProperty("schema");
                var actual = schema.GetProperty("type").GetString() + "/" + (schema.TryGetProperty("format", out var format) ? format.GetString() : "");
                Assert.True(expected == actual, $"{operation}: '{parameter.Name}' is {{{parameter.Name}:{constraint}}} in the route but {actual} in the document");
            }
        }
    }

    [Fact]
    public void Every_operation_states_its_security_with_a_scheme_the_document_defines()
    {
        var schemes = api.Document.Root.GetProperty("components").GetProperty("securitySchemes");
        foreach (var operation in api.Document.Operations())
        {
            Assert.True(operation.Definition.TryGetProperty("security", out _), $"{operation} does not say who may call it (security)");
            var security = operation.Security;
            var isApi = operation.Path.StartsWith("/api/v1/", StringComparison.Ordinal);
            var isWebhook = operation.Path.StartsWith("/api/v1/hooks/", StringComparison.Ordinal);
            var isSignIn = operation.ToString() == "POST /api/v1/session";
            Assert.True((security is null) == (!isApi || isWebhook || isSignIn), $"{operation}: every API operation but webhooks and signing in (the token is in the body) takes a bearer token, and nothing else does");
            if (security is not var (scheme, roles))
            {
                continue;
            }

            Assert.True(schemes.TryGetProperty(scheme, out _), $"{operation} names the undefined security scheme '{scheme}'");
            Assert.True((scheme == "leaseToken") == operation.Path.StartsWith("/api/v1/jobs/", StringComparison.Ordinal), $"{operation}: the routes of a job's attempt, and only they, take its lease token");
            if (scheme == "apiToken")
            {
                Assert.Contains(Assert.Single(roles), UserScopes);
            }
            else
            {
                Assert.Empty(roles);
            }
        }
    }

    [Fact]
    public void Every_reference_resolves_and_every_api_error_is_a_problem_document()
    {
        AssertReferencesResolve(api.Document.Root, "#");
        foreach (var operation in api.Document.Operations().Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var response in operation.Responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var content = api.Document.Resolve(response.Value).GetProperty("content");
                var problem = Assert.Single(content.EnumerateObject());
                Assert.Equal("application/problem+json", problem.Name);
                Assert.Equal("#/components/schemas/Problem", problem.Value.GetProperty("schema").GetProperty("$ref").GetString());
            }
        }
    }

    private void AssertReferencesResolve(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        api.Document.Resolve(element);
                    }
                    else
                    {
                        AssertReferencesResolve(property.Value, $"{where}/{property.Name}");
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertReferencesResolve(item, where);
                }

                break;
        }
    }

    /// <summary>The server's routes as (method, OpenAPI path), from its endpoint data sources.</summary>
    private IEnumerable<ServedRoute> ServedRoutes() =>
        api.Server.Routes
            // MapFallback's catch-all (the last route, order int.MaxValue) answers 404 for paths the server does not have.
            .Where(endpoint => endpoint.Order != int.MaxValue)
            // The dashboard's pages and files are not API: they say so, and the document leaves them out.
            .Where(endpoint => endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
            // A route without methods (the Prometheus scrape endpoint) answers any; the document describes its GET.
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ServedRoute(method, PathOf(endpoint.RoutePattern), endpoint.RoutePattern.Parameters)));

    /// <summary><c>/api/v1/runs/{id:long}</c> as OpenAPI writes it: <c>/api/v1/runs/{id}</c>.</summary>
    private static string PathOf(RoutePattern pattern)
    {
        var path = RouteParameter().Replace(pattern.RawText!, "{$1}");
        return path.StartsWith('/') ? path : "/" + path;
    }

    [GeneratedRegex(@"\{\**([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private sealed record ServedRoute(string Method, string Path, IReadOnlyList<RoutePatternParameterPart> Parameters);
}
