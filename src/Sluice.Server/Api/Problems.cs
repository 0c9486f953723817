using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
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

    public static IResult Gone(string detail) => Of(StatusCodes.Status410Gone, "Gone", detail);

    public static IResult TooLarge(string detail) => Of(StatusCodes.Status413PayloadTooLarge, "Content too large", detail);

    /// <summary>
    /// Reads a JSON body of a known shape; a missing, malformed, mistyped, incomplete or oversized body is a problem
    /// answer, not an exception. Incomplete: a value the shape needs (not nullable) is absent or null, which
    /// System.Text.Json would otherwise hand over as null.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted).ConfigureAwait(false);
            if (value is null)
            {
                return (null, BadRequest("the body must be a JSON object"));
            }

            return RequiredMembers.FirstMissing(value, type) is { } missing
                ? (null, BadRequest($"the body needs a value at {missing}"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest(Describe(ex)));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Of(ex.StatusCode, ReasonPhrases.GetReasonPhrase(ex.StatusCode), ex.Message));
        }
        catch (IOException)
        {
            return (null, BadRequest("the request body could not be read to its end"));
        }
    }

    /// <summary>Reads a plain-text body, up to <paramref name="maxChars"/> characters (the rest is not read).</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadTextAsync(HttpContext context, int maxChars)
    {
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var buffer = new char[maxChars];
            var read = await reader.ReadBlockAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            return (new string(buffer, 0, read), null);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Of(ex.StatusCode, ReasonPhrases.GetReasonPhrase(ex.StatusCode), ex.Message));
        }
        catch (IOException)
        {
            return (null, BadRequest("the request body could not be read to its end"));
        }
    }

    /// <summary>Where and why a body is not the JSON a request takes, without the names of the server's types.</summary>
    private static string Describe(JsonException ex)
    {
        var path = ex.Path is { Length: > 0 } p ? p : "$";
        var position = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
        var message = ex.Message;
        var end = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var reason = message.Contains("could not be converted", StringComparison.Ordinal) ? (path == "$" ? "expected a JSON object" : "a value of the wrong type")
            : end > 0 ? message[..end]
            : "not valid JSON";
        if (reason.Contains("System.", StringComparison.Ordinal) || reason.Contains("Sluice.", StringComparison.Ordinal))
        {
            reason = "not valid JSON";
        }

        return $"the body is not valid JSON for this request: {reason.TrimEnd('.')} at {path}{position}";
    }

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');
}
