using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sluice.Containers.Json;

namespace Sluice.Containers;

/// <summary>The messages a user reads when a call fails: what failed, where, and what to do.</summary>
internal sealed partial class EngineHttp
{
    /// <summary>The advice for an engine that does not answer at all.</summary>
    public string NoEngineMessage(string? reason = null)
    {
        var alsoLookedAt = Endpoint.AlsoLookedAt.Count == 0 ? "" : $" (nor at {string.Join(" or ", Endpoint.AlsoLookedAt)})";
        var why = string.IsNullOrWhiteSpace(reason) ? "" : $" [{reason}]";
        return $"no Docker-compatible engine answers at {Endpoint}{alsoLookedAt}{why}; start Docker or `podman system service`, or set DOCKER_HOST";
    }

    private ContainerEngineException Unreachable(string what, HttpRequestException exception)
    {
        var socketError = FindInner<SocketException>(exception);
        if (socketError is null && exception.InnerException is IOException)
        {
            // It connected, then the peer closed or spoke something that is not HTTP.
            return ConnectionLost(what, exception);
        }

        return new ContainerEngineException($"{what}: {NoEngineMessage(socketError?.Message ?? exception.Message)}.", Endpoint.ToString(), exception);
    }

    private ContainerEngineException ConnectionLost(string what, Exception exception) =>
        new($"{what}: the connection to the container engine at {Endpoint} broke off ({FindInner<SocketException>(exception)?.Message ?? exception.Message}); is the engine still running?", Endpoint.ToString(), exception);

    private ContainerEngineException TimedOut(string what, TimeSpan timeout, Exception exception) =>
        new($"{what}: the container engine at {Endpoint} did not answer within {Seconds(timeout)}; it may be hung or overloaded (try `docker info` or `podman info`).", Endpoint.ToString(), exception);

    private async Task<ContainerEngineException> RefusedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var engineMessage = await ReadErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var text = string.IsNullOrWhiteSpace(engineMessage) ? $"{what}: the engine answered HTTP {status} {response.ReasonPhrase}" : $"{what}: {engineMessage} (HTTP {status})";
        return new ContainerEngineException(text, Endpoint.ToString(), response.StatusCode, engineMessage);
    }

    /// <summary>The engine's JSON <c>message</c>, or the body's text when it is not that JSON, bounded in size.</summary>
    private static async Task<string?> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while (buffer.Length < MaxErrorBodyBytes && (read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            bytes = buffer.ToArray();
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize(bytes, EngineJson.Default.ErrorBody)?.Message;
            if (!string.IsNullOrWhiteSpace(message))
            {
                return message.Trim();
            }
        }
        catch (JsonException)
        {
            // Not the engine's error JSON (a proxy's HTML page, plain text): show the text itself.
        }

        var text = Encoding.UTF8.GetString(bytes).Trim();
        return text.Length == 0 ? null : text.Length > 500 ? text[..500] + "..." : text;
    }

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    internal static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds >= 1 ? $"{duration.TotalSeconds:0.#} s" : $"{duration.TotalMilliseconds:0} ms";
}
