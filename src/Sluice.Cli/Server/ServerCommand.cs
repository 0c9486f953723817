using System.CommandLine;
using Sluice.Cli.Running;
using Sluice.Engine.Execution.Actions;
using Sluice.Server;

namespace Sluice.Cli.Server;

/// <summary><c>sluice server</c>: the server, on SQLite in its data folder or on PostgreSQL, until Ctrl-C or SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create(CliConsole console)
    {
        var data = DataOption();
        var listen = ListenOption();
        var lease = LeaseOption();
        var logFormat = new Option<string>("--log-format") { Description = "The server's own log on standard error: text, json (one object per line) or none.", DefaultValueFactory = _ => "text", HelpName = "text|json|none" };
        logFormat.AcceptOnlyFromAmong("text", "json", "none");
        var trustedProxy = new Option<string[]>("--trusted-proxy")
        {
            Description = "A reverse proxy (address or CIDR block) whose X-Forwarded-For is believed for the client's address; repeatable.",
            HelpName = "CIDR",
            AllowMultipleArgumentsPerToken = false,
        };
        var database = DatabaseOption();
        var publicUrl = new Option<string>("--public-url") { Description = "The address people reach the dashboard at (behind a proxy), which commit statuses link to; default: the address it listens on.", HelpName = "URL" };
        publicUrl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } given && (!Uri.TryCreate(given, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                result.AddError($"--public-url '{given}': expected an http or https URL, such as https://ci.example.com");
            }
        });
        var migrateOnly = new Option<bool>("--migrate-only") { Description = "Bring the database's schema up to date, then exit without serving." };
        var retention = new RetentionFlags();
        var web = new WebSessionFlags(publicOnLoopback: false);
        var actionOptions = new ActionSourceOptions();
        var command = new Command("server", "Run the Sluice server: it hears pushes, plans runs, hands jobs to agents and keeps their logs and history.") { data, listen, lease, logFormat, trustedProxy, database, publicUrl, migrateOnly };
        foreach (var option in retention.All.Concat(web.All).Concat(actionOptions.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var actions = OpenedActions(actionOptions.Read(parse));
            var options = web.ApplyTo(retention.ApplyTo(
                Options(parse.GetValue(data)!, parse.GetValue(listen)!, parse.GetValue(lease)) with
                {
                    LogFormat = parse.GetValue(logFormat)!,
                    TrustedProxies = parse.GetValue(trustedProxy) ?? [],
                    Actions = actions,
                    Database = DatabaseOf(parse.GetValue(database)),
                    PublicUrl = parse.GetValue(publicUrl)?.TrimEnd('/'),
                },
                parse), parse);
            if (parse.GetValue(migrateOnly))
            {
                return await ServerStart.MigrateAsync(options, console, cancellationToken);
            }

            await using var server = await ServerStart.StartAsync(options, console, cancellationToken);
            if (server is null)
            {
                return ExitCodes.Failed;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var signals = new TerminationSignals(stop);
            try
            {
                await server.WaitForShutdownAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: the server stops below.
            }

            console.Out.WriteLine("sluice server: stopped");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Where the server finds reusable workflows of other repositories, from <c>sluice run</c>'s action options; bad
    /// options are a usage error now, not a failure of every such call later.
    /// </summary>
    public static JobActionsSource OpenedActions(ActionSourceRequest request)
    {
        ActionSources.Open(request, null, new Dictionary<string, string>()).Dispose();
        return (root, secrets) => ActionSources.OpenForJob(request, root, secrets);
    }

    public static Option<string> DatabaseOption() => new("--database")
    {
        Description = $"Keep the server's records in PostgreSQL: postgres://USER:PASSWORD@HOST:PORT/DATABASE or an Npgsql connection string (default: ${DatabaseVariable}, else SQLite in the data folder).",
        HelpName = "URL",
    };

    /// <summary>Where <c>--database</c> comes from when it is not given.</summary>
    public const string DatabaseVariable = "SLUICE_DATABASE";

    /// <summary>The database <c>--database</c> or <c>SLUICE_DATABASE</c> names; one that cannot be a database is a usage error, before anything starts.</summary>
    public static string? DatabaseOf(string? option)
    {
        var database = option is { Length: > 0 } ? option : Environment.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } variable ? variable : null;
        try
        {
            ServerStorage.Validate(database);
        }
        catch (Sluice.Server.Storage.StoreException ex)
        {
            throw new UsageException($"--database{(option is { Length: > 0 } ? "" : $" (from {DatabaseVariable})")}: {ex.Message}");
        }

        return database;
    }

    public static Option<string> DataOption() => new("--data")
    {
        Description = "The server's data folder: its SQLite database (unless --database names PostgreSQL), blobs (logs, artifacts, caches), repository copies, keys and admin token.",
        DefaultValueFactory = _ => ServerOptions.DefaultData,
        HelpName = "DIR",
    };

    public static Option<string> ListenOption() => new("--listen")
    {
        Description = "Address and port to listen on (HOST:PORT). Use 0.0.0.0 only behind TLS and a firewall.",
        DefaultValueFactory = _ => ServerOptions.DefaultListen,
        HelpName = "HOST:PORT",
    };

    /// <summary>Hidden: shorter leases make lost agents found sooner (tests, small fleets).</summary>
    public static Option<int> LeaseOption() => new("--lease-seconds") { Hidden = true, DefaultValueFactory = _ => 30 };

    public static ServerOptions Options(string data, string listen, int leaseSeconds) =>
        new() { DataDirectory = data, Listen = listen, Lease = TimeSpan.FromSeconds(Math.Clamp(leaseSeconds, 1, 3600)) };
}

/// <summary>Starting the server from the CLI: clear messages for a bad address, a port in use or a data folder it cannot use.</summary>
internal static class ServerStart
{
    public static async Task<SluiceServer?> StartAsync(ServerOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        SluiceServer server;
        try
        {
            server = await SluiceServer.StartAsync(options, TimeProvider.System, null, cancellationToken);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (IOException ex)
        {
            console.Error.WriteLine($"sluice: error: cannot start the server on {options.Listen}: {ex.Message}");
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            console.Error.WriteLine($"sluice: error: cannot use the data folder {options.DataDirectory}: {ex.Message}");
            return null;
        }
        catch (Sluice.Server.Storage.StoreException ex)
        {
            console.Error.WriteLine($"sluice: error: {ex.Message}");
            return null;
        }

        console.Out.WriteLine($"sluice server listening on {server.Url} (data in {server.State.Options.DataDirectory}; records in {ServerStorage.Describe(server.State.Store)}{ServerStorage.SchemaNote(server.State.Store)})");
        if (server.NewAdminToken is { } token)
        {
            console.Out.WriteLine($"admin token (shown once; also in {SluiceServer.AdminTokenPath(server.State.Options.DataDirectory)}): {token}");
        }

        console.Out.Flush();
        return server;
    }

    /// <summary><c>--migrate-only</c>: the schema brought up to date, said in one line; a database it cannot use is one line on standard error.</summary>
    public static async Task<int> MigrateAsync(ServerOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var database = await ServerStorage.MigrateAsync(options, cancellationToken);
            console.Out.WriteLine($"sluice server: the schema of {database} is up to date");
            return ExitCodes.Success;
        }
        catch (Sluice.Server.Storage.StoreException ex)
        {
            console.Error.WriteLine($"sluice: error: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (UnauthorizedAccessException ex)
        {
            console.Error.WriteLine($"sluice: error: cannot use the data folder {options.DataDirectory}: {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}
