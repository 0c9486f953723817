using Sluice.Protocol;
using Sluice.ServerCapacity;

// The server's capacity with simulated agents over the real HTTP protocol (bench/server/capacity/run.sh starts the
// server and passes its address, admin token and process id).
//
//   Sluice.ServerCapacity cycles --server URL[,URL...] --token T --pid PID[,PID...] --repo NAME --workflow FILE
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
    if (options.Servers.Count != options.Pids.Count)
    {
        throw new ArgumentException($"{options.Servers.Count} --server URLs but {options.Pids.Count} --pid process ids");
    }

    var clients = options.Servers.Select(server => new ApiClient(server, options.Token)).ToList();
    try
    {
        var servers = options.Pids.Select(pid => new ServerProcess(pid)).ToList();
        return options.Verb == "cycles"
            ? await CycleRounds.RunAsync(options, clients, servers, stop.Token)
            : await IdleConnections.RunAsync(options, clients[0], servers[0], stop.Token);
    }
    finally
    {
        clients.ForEach(client => client.Dispose());
    }
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
