using Sluice.Protocol;
using Sluice.ServerCapacity;

// The server's capacity with simulated agents over the real HTTP protocol (bench/server/capacity/run.sh starts the
// server and passes its address, admin token and process id).
//
//   Sluice.ServerCapacity cycles --server URL --token T --pid PID --repo NAME --workflow FILE
//                                [--agents 16] [--seconds 10] [--rounds 3] [--log-batch]
//   Sluice.ServerCapacity memory --server URL --token T --pid PID [--agents 200] [--seconds 30]
//
// One JSON line of figures on standard output, a table and progress on standard error.
try
{
    var options = CapacityOptions.Parse(args);
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    using var client = new ApiClient(options.Server, options.Token);
    var server = new ServerProcess(options.Pid);
    return options.Verb == "cycles"
        ? await CycleRounds.RunAsync(options, client, server, stop.Token)
        : await IdleConnections.RunAsync(options, client, server, stop.Token);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"Sluice.ServerCapacity: {ex.Message}");
    await Console.Error.WriteLineAsync(CapacityOptions.Usage);
    return 2;
}
catch (ApiException ex)
{
    await Console.Error.WriteLineAsync($"Sluice.ServerCapacity: the server refused: {ex.Message} (HTTP {ex.Status})");
    return 1;
}
