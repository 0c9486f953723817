namespace Sluice.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Streams a container's output line by line from its start until its main process ends (<c>docker logs
    /// --follow</c>): standard output to <paramref name="onStdoutLine"/>, standard error to
    /// <paramref name="onStderrLine"/>, one call at a time and in order. Returns when the output ends, which is when
    /// the container has stopped; its exit code is then <see cref="WaitForExitAsync"/>'s.
    /// </summary>
    /// <remarks>Cancelling stops the reading (throwing <see cref="OperationCanceledException"/>), not the container: stop it with <see cref="StopAsync"/>.</remarks>
    /// <exception cref="ContainerEngineException">No such container, or the stream broke off.</exception>
    public async Task FollowLogsAsync(string id, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken = default)
    {
        RequireName(id, nameof(id));
        ArgumentNullException.ThrowIfNull(onStdoutLine);
        ArgumentNullException.ThrowIfNull(onStderrLine);
        var what = $"following the output of container {id}";
        using var response = await http.OpenStreamAsync(HttpMethod.Get,
            EngineHttp.Versioned($"containers/{EngineHttp.Segment(id)}/logs?follow=true&stdout=true&stderr=true"), what, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await PumpLinesAsync(body, onStdoutLine, onStderrLine, what, cancellationToken).ConfigureAwait(false);
    }
}
