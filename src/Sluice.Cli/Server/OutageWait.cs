using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// The long waits of the client verbs (<c>--follow</c>, <c>--wait</c>) ride out a server outage: a replica killed, a
/// server restarting, a load balancer moving the address. Each look at the run that cannot reach any server URL is
/// tried again for up to <see cref="Patience"/>, with a line on stderr when the server is lost and when it is back.
/// The look is a read with a cursor (the log's <c>after</c>), so nothing is printed twice or missed across the gap.
/// </summary>
internal sealed class OutageWait(CliConsole console, ApiClient api, TimeProvider time)
{
    /// <summary>How long a wait keeps trying without any server: longer than a server takes to restart.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    public async Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        long? lostAt = null;
        while (true)
        {
            try
            {
                var value = await read(cancellationToken);
                if (lostAt is not null)
                {
                    console.Error.WriteLine($"sluice: reached the server again at {api.BaseAddress.ToString().TrimEnd('/')}");
                }

                return value;
            }
            catch (ApiException ex) when (ex.Status is 0 or 502 or 503 or 504)
            {
                if (lostAt is null)
                {
                    lostAt = time.GetTimestamp();
                    console.Error.WriteLine($"sluice: lost the server ({ex.Message}); trying again for up to {Patience.TotalMinutes:0} minutes (Ctrl-C to stop)");
                }
                else if (time.GetElapsedTime(lostAt.Value) > Patience)
                {
                    throw;
                }

                await Task.Delay(Pause, time, cancellationToken);
            }
        }
    }
}
