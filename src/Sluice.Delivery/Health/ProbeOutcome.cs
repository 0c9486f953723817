namespace Sluice.Delivery.Health;

/// <summary>What one HTTP probe gave: the status (0 when nothing answered), whether it was the expected one, how long it took, and why it failed.</summary>
internal sealed record ProbeOutcome(int Status, bool Ok, double Seconds, string? Error)
{
    public static async Task<ProbeOutcome> RunAsync(HttpClient http, HttpProbe probe, TimeProvider time, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var started = time.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(probe.Url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var ok = status == probe.Status;
            return new ProbeOutcome(status, ok, time.GetElapsedTime(started).TotalSeconds, ok ? null : $"{probe.Url} answered {status}, not {probe.Status}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ProbeOutcome(0, false, probe.Timeout.TotalSeconds, $"{probe.Url} did not answer within {HealthDuration.Format(probe.Timeout)}.");
        }
        catch (HttpRequestException ex)
        {
            return new ProbeOutcome(0, false, time.GetElapsedTime(started).TotalSeconds, $"{probe.Url} could not be reached: {ex.Message}");
        }
    }
}
