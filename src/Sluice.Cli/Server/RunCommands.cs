using System.CommandLine;
using System.Globalization;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice trigger</c>, <c>sluice runs</c>, <c>sluice logs</c>, <c>sluice cancel</c>: runs on a server.</summary>
internal static class RunCommands
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return Trigger(console);
        yield return Runs(console);
        yield return Logs(console);
        yield return SummaryCommand.Create(console);
        yield return InsightsCommand.Create(console);
        yield return DoraCommand.Create(console);
        yield return DeploymentCommands.Create(console);
        yield return Cancel(console);
        yield return Rerun(console);
    }

    private static Command Rerun(CliConsole console)
    {
        var client = new ClientCommand(console);
        var run = new Argument<long>("RUN") { Description = "The run's id." };
        var failed = new Option<bool>("--failed") { Description = "Only the jobs that did not succeed; the others keep their results and outputs." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the new attempt to end; exit 0 when it succeeds, 1 when it fails, 130 when cancelled." };
        return client.Create(
            "rerun",
            "Run a finished run again (a new attempt of the same commit and workflow).",
            async (parse, api, cancellationToken) =>
            {
                var view = await api.SendAsync(HttpMethod.Post, $"api/v1/runs/{parse.GetValue(run)}/rerun", new RerunRequest(parse.GetValue(failed)), ProtocolJson.Default.RerunRequest, ProtocolJson.Default.RunView, cancellationToken);
                if (parse.GetValue(wait))
                {
                    var started = view!;
                    if (await UntilInterruptedAsync(console, [started.Id], async stop => view = await WaitAsync(console, api, started.Id, stop), cancellationToken) is { } interrupted)
                    {
                        return interrupted;
                    }
                }

                if (client.Json(parse))
                {
                    client.WriteJson(view!, ProtocolJson.Default.RunView);
                }
                else
                {
                    PrintRun(console, view!);
                }

                return !parse.GetValue(wait) ? ExitCodes.Success : view!.Conclusion switch { "success" or "skipped" => ExitCodes.Success, "cancelled" => 130, _ => ExitCodes.Failed };
            },
            run,
            failed,
            wait);
    }

    private static Command Trigger(CliConsole console)
    {
        var client = new ClientCommand(console);
        var name = new Argument<string>("NAME") { Description = "The repository." };
        var eventName = new Option<string>("--event") { Description = "The event the workflows see.", DefaultValueFactory = _ => "push", HelpName = "EVENT" };
        var reference = new Option<string>("--ref") { Description = "A branch, tag or commit. Default: the default branch.", HelpName = "REF" };
        var inputs = new Option<string[]>("--input") { Description = "A workflow_dispatch input (repeatable).", HelpName = "K=V", AllowMultipleArgumentsPerToken = false };
        var workflow = new Option<string>("--workflow") { Description = "Only this workflow file.", HelpName = "FILE" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the runs to end; exit 0 when they succeed, 1 when one fails, 130 when one is cancelled." };
        var follow = new Option<bool>("--follow") { Description = "Print the runs' logs as they come (implies --wait)." };
        return client.Create(
            "trigger",
            "Start the workflows of a repository that run on an event.",
            async (parse, api, cancellationToken) =>
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in parse.GetValue(inputs) ?? [])
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new UsageException($"--input '{pair}': expected KEY=VALUE");
                    }

                    values[pair[..equals]] = pair[(equals + 1)..];
                }

                var repository = parse.GetValue(name)!;
                var response = await api.SendAsync(
                    HttpMethod.Post,
                    $"api/v1/repos/{Uri.EscapeDataString(repository)}/runs",
                    new TriggerRequest(parse.GetValue(eventName), parse.GetValue(reference), values, parse.GetValue(workflow)),
                    ProtocolJson.Default.TriggerRequest,
                    ProtocolJson.Default.TriggerResponse,
                    cancellationToken);
                var json = client.Json(parse);
                if (response!.Message is { } message)
                {
                    console.Error.WriteLine($"sluice: {message}");
                }

                if (!parse.GetValue(wait) && !parse.GetValue(follow))
                {
                    PrintStarted();
                    if (json)
                    {
                        client.WriteJson(response, ProtocolJson.Default.TriggerResponse);
                    }

                    return response.Runs.Count > 0 ? ExitCodes.Success : ExitCodes.Failed;
                }

                var worst = ExitCodes.Success;
                var finished = new List<RunView>();
                var waited = await UntilInterruptedAsync(
                    console,
                    [.. response.Runs.Select(r => r.Id)],
                    async stop =>
                    {
                        // Printed once Ctrl-C is taken, so that whoever reads the run's id can interrupt the wait cleanly.
                        PrintStarted();
                        foreach (var run in response.Runs)
                        {
                            if (parse.GetValue(follow) && !json)
                            {
                                await FollowAsync(console, api, run.Id, null, stop);
                            }

                            var end = await WaitAsync(console, api, run.Id, stop);
                            finished.Add(end);
                            if (!json)
                            {
                                PrintRun(console, end);
                            }

                            worst = Math.Max(worst, end.Conclusion switch { "success" or "skipped" => 0, "cancelled" => 2, _ => 1 });
                        }
                    },
                    cancellationToken);
                if (waited is { } interrupted)
                {
                    return interrupted;
                }

                if (json)
                {
                    client.WriteJson(new TriggerResponse(finished, response.Message), ProtocolJson.Default.TriggerResponse);
                }

                return worst switch { 0 => ExitCodes.Success, 2 => ExitCodes.Interrupted, _ => ExitCodes.Failed };

                void PrintStarted()
                {
                    if (!json)
                    {
                        foreach (var run in response.Runs)
                        {
                            console.Out.WriteLine($"run {run.Id}: {run.Workflow} #{run.Number} on {run.Event} {run.Ref} ({Short(run.Sha)})");
                        }

                        console.Out.Flush();
                    }
                }
            },
            name,
            eventName,
            reference,
            inputs,
            workflow,
            wait,
            follow);
    }

    private static Command Runs(CliConsole console)
    {
        var client = new ClientCommand(console);
        var name = new Argument<string>("NAME") { Description = "Only this repository's runs.", Arity = ArgumentArity.ZeroOrOne };
        var id = new Option<long?>("--run") { Description = "Show this run with its jobs.", HelpName = "RUN" };
        return client.Create(
            "runs",
            "List recent runs, or show one with its jobs.",
            async (parse, api, cancellationToken) =>
            {
                if (parse.GetValue(id) is { } one)
                {
                    var run = await api.GetAsync($"api/v1/runs/{one}", ProtocolJson.Default.RunView, cancellationToken);
                    if (client.Json(parse))
                    {
                        client.WriteJson(run!, ProtocolJson.Default.RunView);
                    }
                    else
                    {
                        PrintRun(console, run!);
                    }

                    return ExitCodes.Success;
                }

                var query = parse.GetValue(name) is { } repository ? "?repo=" + Uri.EscapeDataString(repository) : "";
                var runs = await api.GetAsync("api/v1/runs" + query, ProtocolJson.Default.IReadOnlyListRunView, cancellationToken) ?? [];
                if (client.Json(parse))
                {
                    client.WriteJson(runs, ProtocolJson.Default.IReadOnlyListRunView);
                    return ExitCodes.Success;
                }

                foreach (var run in runs)
                {
                    console.Out.WriteLine($"{run.Id,6}  {run.Repository,-16} {run.Workflow,-24} #{run.Number,-4} {run.Event,-18} {run.Ref,-24} {run.Conclusion ?? run.Status}{(run.Waiting is { } w ? $"  ({w})" : "")}");
                }

                return ExitCodes.Success;
            },
            name,
            id);
    }

    private static Command Logs(CliConsole console)
    {
        var client = new ClientCommand(console);
        var run = new Argument<long>("RUN") { Description = "The run's id." };
        var job = new Option<string>("--job") { Description = "Only this job (its key, such as test-2).", HelpName = "JOB" };
        var follow = new Option<bool>("--follow") { Description = "Keep printing until the run ends." };
        return client.Create(
            "logs",
            "Print a run's log.",
            async (parse, api, cancellationToken) =>
            {
                if (client.Json(parse))
                {
                    var page = await api.GetAsync($"api/v1/runs/{parse.GetValue(run)}/logs?after=0" + JobQuery(parse.GetValue(job)), ProtocolJson.Default.LogPage, cancellationToken);
                    client.WriteJson(page!, ProtocolJson.Default.LogPage);
                    return ExitCodes.Success;
                }

                if (parse.GetValue(follow))
                {
                    if (await UntilInterruptedAsync(console, [parse.GetValue(run)], stop => FollowAsync(console, api, parse.GetValue(run), parse.GetValue(job), stop), cancellationToken) is { } interrupted)
                    {
                        return interrupted;
                    }
                }
                else
                {
                    long after = 0;
                    while (true)
                    {
                        var page = await api.GetAsync($"api/v1/runs/{parse.GetValue(run)}/logs?after={after}" + JobQuery(parse.GetValue(job)), ProtocolJson.Default.LogPage, cancellationToken);
                        Print(console, page!.Lines);
                        if (page.Lines.Count == 0)
                        {
                            break;
                        }

                        after = page.Next;
                    }
                }

                return ExitCodes.Success;
            },
            run,
            job,
            follow);
    }

    private static Command Cancel(CliConsole console)
    {
        var client = new ClientCommand(console);
        var run = new Argument<long>("RUN") { Description = "The run's id." };
        return client.Create(
            "cancel",
            "Cancel a run: its running steps are stopped, and always() steps still run.",
            async (parse, api, cancellationToken) =>
            {
                var view = await api.SendAsync<RerunRequest, RunView>(HttpMethod.Post, $"api/v1/runs/{parse.GetValue(run)}/cancel", null, ProtocolJson.Default.RerunRequest, ProtocolJson.Default.RunView, cancellationToken);
                if (client.Json(parse))
                {
                    client.WriteJson(view!, ProtocolJson.Default.RunView);
                }
                else
                {
                    console.Out.WriteLine(view!.Status == "completed" ? $"run {view.Id} had already ended ({view.Conclusion})" : $"run {view.Id} is being cancelled");
                }

                return ExitCodes.Success;
            },
            run);
    }

    /// <summary>
    /// Waits for runs on the server until Ctrl-C or SIGTERM; then says that the runs go on there and gives 130 (null
    /// when the wait ended by itself). The runs are not cancelled: that is <c>sluice cancel</c>'s job.
    /// </summary>
    private static async Task<int?> UntilInterruptedAsync(CliConsole console, IReadOnlyList<long> runs, Func<CancellationToken, Task> wait, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = new TerminationSignals(stop);
        try
        {
            await wait(stop.Token);
            return null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            console.Out.Flush();
            var which = runs.Count == 1 ? $"run {runs[0]} goes" : $"runs {string.Join(", ", runs)} go";
            console.Error.WriteLine(runs.Count == 0 ? "sluice: stopped waiting" : $"sluice: stopped waiting; {which} on on the server (sluice cancel {runs[0]} stops it)");
            return ExitCodes.Interrupted;
        }
    }

    private static async Task FollowAsync(CliConsole console, ApiClient api, long run, string? job, CancellationToken cancellationToken)
    {
        var outage = new OutageWait(console, api, TimeProvider.System);
        long after = 0;
        while (true)
        {
            var page = await outage.ReadAsync(token => api.GetAsync($"api/v1/runs/{run}/logs?after={after}&wait=20" + JobQuery(job), ProtocolJson.Default.LogPage, token), cancellationToken);
            Print(console, page!.Lines);
            after = page.Next;
            if (page.Done)
            {
                return;
            }
        }
    }

    private static async Task<RunView> WaitAsync(CliConsole console, ApiClient api, long run, CancellationToken cancellationToken)
    {
        var outage = new OutageWait(console, api, TimeProvider.System);
        while (true)
        {
            var view = await outage.ReadAsync(token => api.GetAsync($"api/v1/runs/{run}", ProtocolJson.Default.RunView, token), cancellationToken);
            if (view!.Status == "completed")
            {
                return view;
            }

            // The log's long poll returns when anything about the run changes, so this waits without a fixed delay.
            var last = await outage.ReadAsync(token => api.GetAsync($"api/v1/runs/{run}/logs?after={long.MaxValue - 1}&wait=10", ProtocolJson.Default.LogPage, token), cancellationToken);
            _ = last;
        }
    }

    private static void Print(CliConsole console, IReadOnlyList<LogLineView> lines)
    {
        foreach (var line in lines.Where(l => l.Kind != "group-end"))
        {
            var text = line.Kind switch
            {
                "step" or "group" => $"▶ {line.Text}",
                "step-end" => $"◀ {line.Text}",
                "annotation" => $"{line.Level}: {line.Text}",
                _ => line.Text,
            };
            console.Out.WriteLine($"[{line.Job}{(line.Attempt > 1 ? $" attempt {line.Attempt}" : "")}] {text}");
        }

        console.Out.Flush();
    }

    private static void PrintRun(CliConsole console, RunView run)
    {
        var runAttempt = run.RunAttempt > 1 ? $", attempt {run.RunAttempt}" : "";
        console.Out.WriteLine($"run {run.Id} ({run.Workflow} #{run.Number}{runAttempt}, {run.Event} {run.Ref} {Short(run.Sha)}): {run.Conclusion ?? run.Status}{(run.Waiting is { } why ? $" ({why})" : "")}");
        foreach (var job in run.Jobs)
        {
            var where = job.Agent is { } agent ? $" on {agent}" : "";
            var attempt = job.Attempt > 1 ? $" (attempt {job.Attempt})" : "";
            console.Out.WriteLine($"  {job.Key,-28} {job.Conclusion ?? job.Status}{where}{attempt}{(job.Waiting is { } w ? $"  ({w})" : "")}");
        }

        console.Out.Flush();
    }

    private static string JobQuery(string? job) => job is null ? "" : "&job=" + Uri.EscapeDataString(job);

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
