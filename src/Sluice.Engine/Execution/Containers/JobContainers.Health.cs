using Sluice.Containers;

namespace Sluice.Engine.Execution.Containers;

internal sealed partial class JobContainers
{
    /// <summary>How long a service may stay "starting" before the job gives up on it.</summary>
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Waits while a service's health check says "starting", as GitHub's runner does before the first step; a
    /// service that is unhealthy or has stopped fails the job with the end of its log. One without a health check is
    /// ready once it runs.
    /// </summary>
    private async Task WaitHealthyAsync(string id, string containerId, CancellationToken cancellationToken)
    {
        var state = await _engine.WaitForHealthAsync(containerId, HealthTimeout, cancellationToken).ConfigureAwait(false);
        if (!state.Running)
        {
            throw await FailedAsync(id, containerId, $"stopped with exit code {state.ExitCode}", cancellationToken).ConfigureAwait(false);
        }

        switch (state.Health)
        {
            case "healthy":
                _log($"The service '{id}' is healthy");
                break;
            case "unhealthy":
                throw await FailedAsync(id, containerId, "is unhealthy (its health check failed)", cancellationToken).ConfigureAwait(false);
            case "starting":
                throw await FailedAsync(id, containerId, $"was not healthy after {HealthTimeout.TotalMinutes} minutes", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ContainerEngineException> FailedAsync(string id, string containerId, string what, CancellationToken cancellationToken)
    {
        var log = await _engine.LogsAsync(containerId, 20, cancellationToken).ConfigureAwait(false);
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            _log($"  {id}: {line}");
        }

        return new ContainerEngineException($"the service '{id}' {what}; the end of its log is above", "");
    }
}
