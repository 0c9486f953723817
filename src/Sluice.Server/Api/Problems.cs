using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Sluice.Protocol;

namespace Sluice.Server.Api;

/// <summary>Error answers as RFC 9457 problem details: a type, a title, the status and what to do; never a stack trace.</summary>
public static class Problems
{
    public static IResult Of(int status, string title, string? detail = null) =>
        Results.Json(new Problem($"https://sluice.dev/problems/{Slug(title)}", title, status, detail), ProtocolJson.Default.Problem, "application/problem+json", status);

    public static IResult NotFound(string what) => Of(StatusCodes.Status404NotFound, "Not found", what);

    public static IResult BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult Unauthorized(string detail) => Of(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static IResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult Conflict(string detail) => Of(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>Reads a JSON body of a known shape; a missing, malformed or oversized body is a problem answer, not an exception.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, BadRequest($"the body must be a JSON object ({typeof(T).Name})")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"the body is not valid JSON for this request: {ex.Message}"));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Of(ex.StatusCode, "Bad request", ex.Message));
        }
    }

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');
}
