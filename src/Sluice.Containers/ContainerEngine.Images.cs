using System.Net;
using System.Text.Json;
using Sluice.Containers.Json;

namespace Sluice.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>Whether the engine has <paramref name="image"/> locally (so that no pull is needed).</summary>
    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken = default)
    {
        RequireName(image, nameof(image));
        var status = await http.SendAsync(HttpMethod.Get, EngineHttp.Versioned($"images/{EngineHttp.ImageSegment(image)}/json"),
            $"looking up image {image}", cancellationToken, alsoFine: HttpStatusCode.NotFound).ConfigureAwait(false);
        return status != HttpStatusCode.NotFound;
    }

    /// <summary>
    /// Pulls <paramref name="image"/> (":latest" when it names no tag), reporting the engine's progress lines
    /// ("layer: Downloading [==>   ] 12MB/50MB") to <paramref name="progress"/> as they stream in.
    /// </summary>
    /// <exception cref="ContainerEngineException">
    /// The engine reported an error in the stream (its message is kept; an unreachable registry, as on an offline
    /// machine, says so), or no progress came for <see cref="ContainerEngineOptions.PullIdleTimeout"/>.
    /// </exception>
    public async Task PullAsync(string image, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireName(image, nameof(image));
        var (name, tag) = SplitReference(image);
        var what = $"pulling image {image}";
        using var response = await http.OpenStreamAsync(HttpMethod.Post,
            EngineHttp.Versioned($"images/create?fromImage={Uri.EscapeDataString(name)}&tag={Uri.EscapeDataString(tag)}"), what, cancellationToken).ConfigureAwait(false);

        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            using var reader = new StreamReader(body);
            while (true)
            {
                idle.CancelAfter(Options.PullIdleTimeout);
                var line = await reader.ReadLineAsync(linked.Token).ConfigureAwait(false);
                if (line is null)
                {
                    return;
                }

                if (!string.IsNullOrWhiteSpace(line))
                {
                    ReportPullLine(image, line, progress);
                }
            }
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContainerEngineException(
                $"{what}: no progress for {EngineHttp.Seconds(Options.PullIdleTimeout)}; the registry does not answer from this machine. "
                + "An offline machine needs the image present beforehand (`docker pull` or `podman pull` it, or `load` it from a file).",
                Endpoint.ToString(), exception);
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContainerEngineException($"{what}: the connection to the engine at {Endpoint} broke off ({exception.Message}).", Endpoint.ToString(), exception);
        }
    }

    private void ReportPullLine(string image, string line, Action<string>? progress)
    {
        var (text, error) = InterpretPullLine(line);
        if (error is not null)
        {
            throw new ContainerEngineException($"pulling image {image} failed: {error}{OfflineHint(error)}", Endpoint.ToString(), HttpStatusCode.OK, error);
        }

        if (text is not null)
        {
            progress?.Invoke(text);
        }
    }

    /// <summary>
    /// One line of a pull's stream as progress text ("id: status progress") or as the engine's error; a line that
    /// is not the engine's JSON is progress as it stands.
    /// </summary>
    internal static (string? Progress, string? Error) InterpretPullLine(string line)
    {
        PullMessageBody? message;
        try
        {
            message = JsonSerializer.Deserialize(line, EngineJson.Default.PullMessageBody);
        }
        catch (JsonException)
        {
            return (line, null);
        }

        var error = message?.ErrorDetail?.Message ?? message?.Error;
        if (!string.IsNullOrWhiteSpace(error))
        {
            return (null, error);
        }

        if (message?.Status is not { Length: > 0 } status)
        {
            return (null, null);
        }

        var id = string.IsNullOrEmpty(message.Id) ? "" : message.Id + ": ";
        var bar = string.IsNullOrEmpty(message.Progress) ? "" : " " + message.Progress;
        return (id + status + bar, null);
    }

    /// <summary>Advice for the errors an engine gives when the registry cannot be reached at all.</summary>
    private static string OfflineHint(string error)
    {
        string[] networkSigns = ["no such host", "dial tcp", "connection refused", "i/o timeout", "network is unreachable", "TLS handshake timeout", "server misbehaving"];
        return networkSigns.Any(sign => error.Contains(sign, StringComparison.OrdinalIgnoreCase))
            ? " (the registry cannot be reached from this machine: pull or load the image beforehand where it can, or use an image that is present)"
            : "";
    }

    /// <summary>"ghcr.io/o/i:1.2" → ("ghcr.io/o/i", "1.2"); "i@sha256:..." → ("i", "sha256:..."); no tag → "latest".</summary>
    internal static (string Name, string Tag) SplitReference(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (image[..at], image[(at + 1)..]);
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
