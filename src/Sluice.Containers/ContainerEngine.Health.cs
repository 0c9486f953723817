using System.Net;
using Sluice.Containers.Json;

namespace Sluice.Containers;

public sealed partial class ContainerEngine
{
    private static readonly TimeSpan DefaultHealthInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinHealthPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxHealthPoll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Waits until the container's health check has a verdict and returns the container's state: its
    /// <see cref="ContainerState.Health"/> is "healthy" or "unhealthy", or still "starting" when
    /// <paramref name="timeout"/> ran out. Returns at once for a container without a health check (Health null)
    /// and for one that stopped running.
    /// </summary>
    /// <remarks>
    /// Podman runs health checks from systemd timers, which a machine without systemd (a CI container) lacks: there
    /// the health would stay "starting" for ever. On podman this method therefore runs each check itself through
    /// podman's own API (<c>/libpod/containers/{id}/healthcheck</c>, as <c>podman healthcheck run</c> does): at
    /// once, then every health interval, with the retries and start period podman applies. On Docker it only
    /// polls, at most every 2 s.
    /// </remarks>
    public async Task<ContainerState> WaitForHealthAsync(string id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var engine = await InfoAsync(cancellationToken).ConfigureAwait(false);
        var clock = Options.TimeProvider;
        var started = clock.GetTimestamp();
        var body = await InspectBodyAsync(id, cancellationToken).ConfigureAwait(false);
        var interval = SpecMapping.FromNanoseconds(body.Config?.Healthcheck?.Interval) ?? DefaultHealthInterval;
        var poll = interval < MinHealthPoll ? MinHealthPoll : interval > MaxHealthPoll ? MaxHealthPoll : interval;
        var nextCheck = TimeSpan.Zero;
        while (true)
        {
            var state = SpecMapping.ToState(body);
            var elapsed = clock.GetElapsedTime(started);
            if (state.Health is null or "healthy" or "unhealthy" || !state.Running || elapsed >= timeout)
            {
                return state;
            }

            if (engine.IsPodman && elapsed >= nextCheck)
            {
                await RunPodmanHealthCheckAsync(id, body.Config?.Healthcheck, cancellationToken).ConfigureAwait(false);
                nextCheck = clock.GetElapsedTime(started) + (interval < MinHealthPoll ? MinHealthPoll : interval);
            }
            else
            {
                var wait = timeout - elapsed;
                await Task.Delay(poll < wait ? poll : wait, clock, cancellationToken).ConfigureAwait(false);
            }

            body = await InspectBodyAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the container's health check once, as <c>podman healthcheck run</c> does. A conflict (the container
    /// stopped meanwhile) is left for the next inspect to report.
    /// </summary>
    private Task RunPodmanHealthCheckAsync(string id, HealthConfigBody? health, CancellationToken cancellationToken)
    {
        // The call lasts as long as the check itself, which may take its whole timeout.
        var checkTimeout = SpecMapping.FromNanoseconds(health?.Timeout) ?? DefaultHealthInterval;
        return http.SendAsync(HttpMethod.Get, $"/v4.0.0/libpod/containers/{EngineHttp.Segment(id)}/healthcheck",
            $"running the health check of container {id}", cancellationToken, timeout: Options.RequestTimeout + checkTimeout,
            alsoFine: HttpStatusCode.Conflict);
    }
}
