using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sluice.Containers.Json;

namespace Sluice.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>Creates (does not start) a container from <paramref name="spec"/> and returns its id.</summary>
    /// <exception cref="ContainerEngineException">E.g. the image is not present (pull it first; <see cref="ContainerEngineException.IsNotFound"/>), or the name is taken.</exception>
    public async Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireName(spec.Image, nameof(spec.Image));
        var query = string.IsNullOrEmpty(spec.Name) ? "" : "?name=" + Uri.EscapeDataString(spec.Name);
        var what = $"creating container {spec.Name ?? "from " + spec.Image}";
        var created = await http.SendForJsonAsync(HttpMethod.Post, EngineHttp.Versioned("containers/create" + query), EngineJson.Default.IdBody,
            what, cancellationToken, EngineHttp.Json(SpecMapping.ToBody(spec), EngineJson.Default.CreateContainerBody)).ConfigureAwait(false);
        return created.Id ?? throw new ContainerEngineException($"{what}: the engine answered without an id.", Endpoint.ToString());
    }

    /// <summary>Starts a created container; one that already runs is left as it is.</summary>
    public Task StartAsync(string id, CancellationToken cancellationToken = default)
    {
        RequireName(id, nameof(id));
        return http.SendAsync(HttpMethod.Post, EngineHttp.Versioned($"containers/{EngineHttp.Segment(id)}/start"),
            $"starting container {id}", cancellationToken, alsoFine: HttpStatusCode.NotModified);
    }

    /// <summary>The container's state: running or not, exit code, health, published ports, network addresses.</summary>
    /// <exception cref="ContainerEngineException">No such container (<see cref="ContainerEngineException.IsNotFound"/>).</exception>
    public async Task<ContainerState> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        SpecMapping.ToState(await InspectBodyAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Stops the container: SIGTERM (or the image's stop signal), then SIGKILL after <paramref name="grace"/>.
    /// One that is not running, or does not exist, counts as stopped.
    /// </summary>
    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        RequireName(id, nameof(id));
        var seconds = (int)Math.Ceiling(Math.Max(0, grace.TotalSeconds));
        return http.SendAsync(HttpMethod.Post, EngineHttp.Versioned($"containers/{EngineHttp.Segment(id)}/stop?t={seconds.ToString(CultureInfo.InvariantCulture)}"),
            $"stopping container {id}", cancellationToken, timeout: Options.RequestTimeout + TimeSpan.FromSeconds(seconds),
            alsoFine: [HttpStatusCode.NotModified, HttpStatusCode.NotFound]);
    }

    /// <summary>Removes the container (killing it first when <paramref name="force"/>); one that does not exist counts as removed.</summary>
    public Task RemoveAsync(string id, bool force = true, bool removeVolumes = true, CancellationToken cancellationToken = default)
    {
        RequireName(id, nameof(id));
        return http.SendAsync(HttpMethod.Delete,
            EngineHttp.Versioned($"containers/{EngineHttp.Segment(id)}?force={Flag(force)}&v={Flag(removeVolumes)}"),
            $"removing container {id}", cancellationToken, alsoFine: HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Waits until the container's main process has ended and returns its exit code (at once when it already has).
    /// </summary>
    /// <exception cref="ContainerEngineException">It still runs after <paramref name="timeout"/>, or there is no such container.</exception>
    public async Task<int> WaitForExitAsync(string id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        RequireName(id, nameof(id));
        var what = $"waiting for container {id} to exit";
        using var limit = new CancellationTokenSource(timeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            // The engine answers only when the container has exited: the call may take as long as the wait.
            var waited = await http.SendForJsonAsync(HttpMethod.Post, EngineHttp.Versioned($"containers/{EngineHttp.Segment(id)}/wait?condition=not-running"),
                EngineJson.Default.WaitBody, what, linked.Token, timeout: timeout + Options.RequestTimeout).ConfigureAwait(false);
            return waited.StatusCode;
        }
        catch (OperationCanceledException exception) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ContainerEngineException($"{what}: it still runs after {EngineHttp.Seconds(timeout)}.", Endpoint.ToString(), exception);
        }
    }

    /// <summary>
    /// The container's output so far, standard output and error interleaved as they were written, the last
    /// <paramref name="tail"/> lines only unless null.
    /// </summary>
    public Task<string> LogsAsync(string id, int? tail = null, CancellationToken cancellationToken = default)
    {
        RequireName(id, nameof(id));
        var what = $"reading the logs of container {id}";
        var tailValue = tail is { } lines ? Math.Max(0, lines).ToString(CultureInfo.InvariantCulture) : "all";
        var path = EngineHttp.Versioned($"containers/{EngineHttp.Segment(id)}/logs?stdout=true&stderr=true&tail={tailValue}");
        return http.WithDeadlineAsync(what, Options.RequestTimeout, async token =>
        {
            using var response = await http.OpenStreamAsync(HttpMethod.Get, path, what, token).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            var text = new StringBuilder();
            var decoder = new UTF8Encoding(false).GetDecoder();
            var chars = new char[StreamDemultiplexer.BufferSize * 2];
            await StreamDemultiplexer.PumpAsync(body, (_, bytes) =>
            {
                var count = decoder.GetChars(bytes, chars, flush: false);
                text.Append(chars, 0, count);
            }, token).ConfigureAwait(false);
            text.Append(chars, 0, decoder.GetChars([], chars, flush: true));
            return text.ToString();
        }, cancellationToken);
    }

    /// <summary>
    /// All containers (running or not) with the label <paramref name="labelFilter"/> ("key" or "key=value"), or
    /// all containers when null: how leftovers of an interrupted run are found and removed.
    /// </summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(string? labelFilter = null, CancellationToken cancellationToken = default)
    {
        var containers = await http.SendForJsonAsync(HttpMethod.Get, EngineHttp.Versioned("containers/json?all=true" + LabelQuery(labelFilter, "&")),
            EngineJson.Default.ListContainerSummaryBody, "listing containers", cancellationToken).ConfigureAwait(false);
        return [.. containers.Select(c => new ContainerSummary(
            c.Id ?? "",
            c.Names?.FirstOrDefault()?.TrimStart('/') ?? "",
            c.Image ?? "",
            c.State ?? "unknown",
            DateTimeOffset.FromUnixTimeSeconds(c.Created),
            ReadOnly(c.Labels)))];
    }

    private Task<ContainerInspectBody> InspectBodyAsync(string id, CancellationToken cancellationToken)
    {
        RequireName(id, nameof(id));
        return http.SendForJsonAsync(HttpMethod.Get, EngineHttp.Versioned($"containers/{EngineHttp.Segment(id)}/json"),
            EngineJson.Default.ContainerInspectBody, $"inspecting container {id}", cancellationToken);
    }

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>Docker's <c>filters</c> query parameter for one label, or "" for none.</summary>
    private static string LabelQuery(string? labelFilter, string separator)
    {
        if (string.IsNullOrWhiteSpace(labelFilter))
        {
            return "";
        }

        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal) { ["label"] = [labelFilter] };
        return separator + "filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(filters, EngineJson.Default.DictionaryStringListString));
    }

    private static IReadOnlyDictionary<string, string> ReadOnly(Dictionary<string, string>? labels) =>
        labels ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
