using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sluice.Containers.Json;

namespace Sluice.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Builds an image from <paramref name="contextFolder"/> (sent whole as the build context, a tar made with
    /// System.Formats.Tar) and its <paramref name="dockerfile"/> (a path inside the folder), tagged
    /// <paramref name="tag"/>, as <c>docker build -f DOCKERFILE -t TAG FOLDER</c> does through <c>POST /build</c>.
    /// The build's output reaches <paramref name="progress"/> line by line as it streams in.
    /// </summary>
    /// <remarks>
    /// The engine fetches a base image it does not have, so on a machine without network a Dockerfile can only
    /// start <c>FROM</c> images the engine already has; the error says so when a fetch is what failed. A build may
    /// run as long as its steps take: only the caller's token bounds it.
    /// </remarks>
    /// <exception cref="ContainerEngineException">The build failed (the engine's message is kept), or the engine failed.</exception>
    public async Task BuildImageAsync(string contextFolder, string dockerfile, string tag, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireName(contextFolder, nameof(contextFolder));
        RequireName(dockerfile, nameof(dockerfile));
        RequireName(tag, nameof(tag));
        if (!Directory.Exists(contextFolder))
        {
            throw new DirectoryNotFoundException($"The build context folder {contextFolder} does not exist.");
        }

        var what = $"building image {tag}";
        using var context = new MemoryStream();
        await TarFile.CreateFromDirectoryAsync(contextFolder, context, includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
        context.Position = 0;
        using var content = new StreamContent(context);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var query = $"build?t={Uri.EscapeDataString(tag)}&dockerfile={Uri.EscapeDataString(dockerfile.Replace('\\', '/'))}&rm=true&forcerm=true";
        using var response = await http.OpenStreamAsync(HttpMethod.Post, EngineHttp.Versioned(query), what, cancellationToken, content).ConfigureAwait(false);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(body);
            string? line;
            while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var (text, error) = InterpretBuildLine(line);
                if (error is not null)
                {
                    throw new ContainerEngineException($"{what} failed: {error}{BaseImageHint(error)}", Endpoint.ToString(), HttpStatusCode.OK, error);
                }

                foreach (var part in (text ?? "").Split('\n'))
                {
                    if (part.TrimEnd('\r').Length > 0)
                    {
                        progress?.Invoke(part.TrimEnd('\r'));
                    }
                }
            }
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContainerEngineException($"{what}: the connection to the engine at {Endpoint} broke off ({exception.Message}).", Endpoint.ToString(), exception);
        }
    }

    /// <summary>One line of the build stream as output text or as the engine's error; a line that is not the engine's JSON is output as it stands.</summary>
    internal static (string? Text, string? Error) InterpretBuildLine(string line)
    {
        BuildMessageBody? message;
        try
        {
            message = JsonSerializer.Deserialize(line, BuildJson.Default.BuildMessageBody);
        }
        catch (JsonException)
        {
            return (line, null);
        }

        var error = message?.ErrorDetail?.Message ?? message?.Error;
        if (!string.IsNullOrWhiteSpace(error))
        {
            return (null, error.Trim());
        }

        return (message?.Stream ?? message?.Status, null);
    }

    /// <summary>Advice for a build that failed fetching its base image, as on a machine without network.</summary>
    private static string BaseImageHint(string error)
    {
        string[] fetchSigns = ["no such host", "dial tcp", "connection refused", "i/o timeout", "network is unreachable", "TLS handshake timeout",
            "server misbehaving", "pinging container registry", "manifest unknown", "pull access denied", "repository does not exist", "initializing source"];
        return fetchSigns.Any(sign => error.Contains(sign, StringComparison.OrdinalIgnoreCase))
            ? " (the engine could not fetch the base image: on a machine without network a Dockerfile can only start FROM images the engine already has; pull or load them beforehand where the registry can be reached)"
            : "";
    }
}
