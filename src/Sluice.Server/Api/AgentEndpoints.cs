using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Agents;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// The agent protocol. An agent registers once with a one-time token, then asks for work with its own credential
/// (the request is held open until a job it can run is queued). Everything about one attempt of a job (heartbeats,
/// logs, the result, the source) is authorised by that attempt's lease token, so a worker process holds only what its
/// job needs, and an attempt the server gave to another agent is refused (409) whatever it sends.
/// </summary>
public static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        app.MapPost("/api/v1/agents/register", context => Register(context, server));
        app.MapPost("/api/v1/agent/claim", context => Claim(context, server));
        var attempt = "/api/v1/jobs/{job:long}/attempts/{attempt:int}";
        app.MapPost(attempt + "/heartbeat", context => Heartbeat(context, server));
        app.MapPost(attempt + "/logs", context => Logs(context, server));
        app.MapPost(attempt + "/complete", context => Complete(context, server));
        app.MapPost(attempt + "/abandon", context => Abandon(context, server));
        app.MapGet(attempt + "/source", context => Source(context, server));
    }

    private static async Task Register(HttpContext context, ServerState server)
    {
        var (row, refused) = await server.Auth.TokenAsync(context);
        if (row is null || !TokenPolicy.Allows(ApiTokens.GrantOf(row), TokenAction.RegisterAgent, null))
        {
            await (refused ?? Problems.Unauthorized("registering an agent needs a registration token: sluice token create --scope agent")).ExecuteAsync(context);
            return;
        }

        var (request, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.RegisterRequest);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        if (request!.Name is not { Length: > 0 and <= 100 } || request.Labels.Count > 64 || request.Labels.Any(l => l is not { Length: > 0 and <= 100 }))
        {
            await Problems.BadRequest("an agent needs a name of 1 to 100 characters and at most 64 labels of 1 to 100 characters").ExecuteAsync(context);
            return;
        }

        if (VersionProblem(request.Version) is { } badVersion)
        {
            await Problems.BadRequest(badVersion).ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        if (!await server.Store.UseTokenOnceAsync(row.Id, now, context.RequestAborted))
        {
            await Problems.Unauthorized("this registration token was used already; create another: sluice token create --scope agent").ExecuteAsync(context);
            return;
        }

        var credential = TokenIssuer.Issue(TokenScope.AgentCredential);
        var agent = await server.Store.RegisterAgentAsync(request.Name, request.Labels, credential.Hash, credential.DisplayId, now, context.RequestAborted);
        await server.Sightings.HeardAsync(agent.Id, now, request.Version, context.RequestAborted);
        await server.Store.AuditAsync(row.CreatedBy, Caller.SourceOf(context), "agent.register", $"agent {agent.Id} {agent.Name}", string.Join(",", agent.Labels), now, context.RequestAborted);
        server.Events.AgentRegistered(agent.Id, agent.Name, agent.Labels);
        server.AgentSignal.Pulse();
        await Results.Json(new RegisterResponse(agent.Id, agent.Name, credential.Text), ProtocolJson.Default.RegisterResponse).ExecuteAsync(context);
    }

    private static async Task Claim(HttpContext context, ServerState server)
    {
        var credential = TokenFormat.TryParse(Caller.Bearer(context), out var parsed, out _) && parsed!.Scope == TokenScope.AgentCredential ? parsed : null;
        var agent = credential is null ? null : await server.Store.AgentByCredentialAsync(credential.Hash(), context.RequestAborted);
        if (agent is null || agent.Removed)
        {
            await RefuseAgentAsync(context, agent);
            return;
        }

        var (request, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.ClaimRequest);
        if ((problem ?? (VersionProblem(request!.Version) is { } badVersion ? Problems.BadRequest(badVersion) : null)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var wait = TimeSpan.FromSeconds(Math.Clamp(request!.WaitSeconds, 0, (int)server.Options.ClaimWait.TotalSeconds));
        var deadline = server.Time.GetUtcNow() + wait;
        while (true)
        {
            var now = server.Time.GetUtcNow();
            server.Presence.Idle(agent.Id, now, agent.Labels);
            await server.Sightings.HeardAsync(agent.Id, now, request.Version, context.RequestAborted);
            var signal = server.JobSignal.Next;
            var leaseToken = LeaseTokens.New();
            var claim = await server.Store.ClaimJobAsync(agent.Id, job => RunnerLabels.Satisfies(agent.Labels, job.Labels), LeaseTokens.Hash(leaseToken), now, now + server.Options.Lease, context.RequestAborted);
            if (claim is not null)
            {
                server.Presence.Heard(agent.Id, now, agent.Labels, claim.Job.Id);
                server.Metrics.DispatchLatency.Record((now - claim.Job.QueuedAt).TotalSeconds);
                server.Events.JobClaimed(claim.Job.Id, claim.Job.Key, claim.Job.Attempt, claim.Run.Id, agent.Name, (now - claim.Job.QueuedAt).TotalSeconds);
                server.Traces.JobClaimed(claim.Run.Id, claim.Job.Id, claim.Job.Attempt, claim.Job.Key, agent.Name, now);
                server.RunSignal.Pulse();
                server.AgentSignal.Pulse();
                var assignment = await Assignments.ForAsync(server, claim, leaseToken, context.RequestAborted);
                await Results.Json(assignment, ProtocolJson.Default.JobAssignment).ExecuteAsync(context);
                return;
            }

            var left = deadline - now;
            if (left <= TimeSpan.Zero)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            try
            {
                await signal.WaitAsync(left, server.Time, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                // Looks once more, then answers that there is nothing.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Removed while it waited (the removal wakes every waiting claim): refused now, not at its next claim.
            if ((await server.Store.AgentByCredentialAsync(credential!.Hash(), context.RequestAborted))?.Removed != false)
            {
                await RefuseAgentAsync(context, agent);
                return;
            }
        }
    }

    /// <summary>What is wrong with the version an agent says it runs (null when nothing: absent, or up to 100 printable characters).</summary>
    private static string? VersionProblem(string? version) =>
        version is null || (version.Length is > 0 and <= 100 && version.All(c => c is > ' ' and < '\u007f'))
            ? null
            : "an agent's version is 1 to 100 printable ASCII characters without spaces, such as 1.0.0+d1fbaa30cd6b";

    private static Task RefuseAgentAsync(HttpContext context, AgentRow? agent) =>
        Problems.Unauthorized(agent is null
            ? "unknown agent credential: register the agent again (sluice agent --token <registration token>)"
            : $"agent {agent.Name} (#{agent.Id}) was removed from this server, and its credential revoked").ExecuteAsync(context);

    private static async Task Heartbeat(HttpContext context, ServerState server)
    {
        if (await AttemptAsync(context) is not (var job, var attempt, var hash))
        {
            return;
        }

        var now = server.Time.GetUtcNow();
        var row = await server.Store.RenewLeaseAsync(job, attempt, hash, now + server.Options.Lease, context.RequestAborted);
        if (row is null)
        {
            await Superseded(context);
            return;
        }

        if (row.AgentId is { } agentId)
        {
            server.Presence.Heard(agentId, now, server.Presence.Of(agentId)?.Labels ?? [], row.Id);
            await server.Sightings.HeardAsync(agentId, now, null, context.RequestAborted);
        }

        // Held open until the job is cancelled or a third of the lease has passed, so that a cancel reaches the agent at once.
        var deadline = now + (server.Options.Lease / 3);
        while (!row.CancelRequested && server.Time.GetUtcNow() < deadline)
        {
            var signal = server.JobSignal.Next;
            row = await server.Store.JobAsync(job, context.RequestAborted);
            if (row is null || row.Attempt != attempt || row.CancelRequested || row.Status == JobStatuses.Queued)
            {
                break;
            }

            try
            {
                await signal.WaitAsync(deadline - server.Time.GetUtcNow(), server.Time, context.RequestAborted);
            }
            catch (Exception ex) when (ex is TimeoutException or ArgumentOutOfRangeException)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (row is null || row.Attempt != attempt || row.Status == JobStatuses.Queued)
        {
            // Queued again while the answer was held (its agent was removed): this attempt is over.
            await Superseded(context);
            return;
        }

        await Results.Json(new HeartbeatResponse(row.CancelRequested, (int)server.Options.Lease.TotalSeconds), ProtocolJson.Default.HeartbeatResponse).ExecuteAsync(context);
    }

    private static async Task Logs(HttpContext context, ServerState server)
    {
        if (await AttemptAsync(context) is not (var job, var attempt, var hash))
        {
            return;
        }

        var (batch, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.LogBatch);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        // A file or line that cannot be one (an agent's bug, or a hostile one) is left out rather than refused: the line itself is kept.
        var entries = batch!.Entries.Select(e => new LogEntryRow(e.Seq, e.Kind, e.Step, e.Text, e.Level, e.At, AnnotationPlace.File(e.File), AnnotationPlace.Line(e.File, e.Line))).ToList();
        if (await server.Store.AppendLogsAsync(job, attempt, hash, entries, context.RequestAborted) == FenceResult.Superseded)
        {
            await Superseded(context);
            return;
        }

        server.LogSignal.Pulse();
        await Results.Json(new LogAck(entries.Count == 0 ? 0 : entries.Max(e => e.Seq)), ProtocolJson.Default.LogAck).ExecuteAsync(context);
    }

    private static async Task Complete(HttpContext context, ServerState server)
    {
        if (await AttemptAsync(context) is not (var job, var attempt, var hash))
        {
            return;
        }

        var (completion, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.JobCompletion);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        if (completion!.InfrastructureProblem is { } infrastructure)
        {
            await AbandonAsync(context, server, job, attempt, hash, "failed-to-run", infrastructure);
            return;
        }

        var outcome = new JobOutcome(
            completion.Conclusion is "success" or "failure" or "cancelled" or "skipped" ? completion.Conclusion : "failure",
            JsonSerializer.Serialize(new Dictionary<string, string>(completion.Outputs), ServerJson.Default.DictionaryStringString),
            JsonSerializer.Serialize(completion.Steps.ToList(), ServerJson.Default.ListStepSummary));
        if (StepSummaries.Problem(completion.Summaries) is { } tooLarge)
        {
            await Problems.BadRequest(tooLarge).ExecuteAsync(context);
            return;
        }

        if (completion.Summaries.Count > 0 && await server.Store.SaveJobSummariesAsync(job, attempt, hash, completion.Summaries, context.RequestAborted) == FenceResult.Superseded)
        {
            await Superseded(context);
            return;
        }

        var row = await server.Store.JobAsync(job, context.RequestAborted);
        if (await server.Store.CompleteJobAsync(job, attempt, hash, outcome, now, context.RequestAborted) == FenceResult.Superseded)
        {
            await Superseded(context);
            return;
        }

        if (row?.StartedAt is { } started)
        {
            server.Metrics.JobDuration.Record((now - started).TotalSeconds);
        }

        server.Traces.JobEnded(job, attempt, outcome.Conclusion, completion.Steps, now);
        server.Events.JobFinished(job, attempt, outcome.Conclusion);

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        server.RunSignal.Pulse();
        server.AgentSignal.Pulse();
        await server.Coordinator.AdvanceAsync(row!.RunId, CancellationToken.None);
        server.RunSignal.Pulse();
    }

    private static async Task Abandon(HttpContext context, ServerState server)
    {
        if (await AttemptAsync(context) is not (var job, var attempt, var hash))
        {
            return;
        }

        var (reason, problem) = await Problems.ReadTextAsync(context, 2000);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        await AbandonAsync(context, server, job, attempt, hash, "failed-to-run", reason!);
    }

    /// <summary>An attempt that could not run its job (its worker crashed, its source could not be read): the job is tried again on any agent, up to the limit.</summary>
    private static async Task AbandonAsync(HttpContext context, ServerState server, long job, int attempt, byte[] hash, string outcome, string reason)
    {
        var row = await server.Store.RenewLeaseAsync(job, attempt, hash, server.Time.GetUtcNow(), context.RequestAborted);
        if (row is null)
        {
            await Superseded(context);
            return;
        }

        await server.Store.AbandonAttemptAsync(job, attempt, outcome, reason, server.Options.MaxAttempts, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        server.JobSignal.Pulse();
        server.AgentSignal.Pulse();
        await server.Coordinator.AdvanceAsync(row.RunId, CancellationToken.None);
        server.RunSignal.Pulse();
    }

    private static async Task Source(HttpContext context, ServerState server)
    {
        if (await AttemptAsync(context) is not (var job, var attempt, var hash))
        {
            return;
        }

        var row = await server.Store.RenewLeaseAsync(job, attempt, hash, server.Time.GetUtcNow() + server.Options.Lease, context.RequestAborted);
        var run = row is null ? null : await server.Store.RunAsync(row.RunId, context.RequestAborted);
        var repository = run is null ? null : (await server.Store.RepositoriesAsync(context.RequestAborted)).FirstOrDefault(r => r.Id == run.RepositoryId);
        if (repository is null)
        {
            await Superseded(context);
            return;
        }

        context.Response.ContentType = "application/x-git-bundle";
        await server.Mirror.BundleAsync(repository, run!.Sha, context.Response.Body, context.RequestAborted);
    }

    /// <summary>The attempt a request is about, and the hash of the lease token it carries; without a token, the request is answered 401 and null returned.</summary>
    private static async Task<(long Job, int Attempt, byte[] LeaseHash)?> AttemptAsync(HttpContext context)
    {
        if (Caller.Bearer(context) is not { Length: > 0 } lease)
        {
            await Problems.Unauthorized("a job attempt's requests carry its lease token: 'Authorization: Bearer <lease token>'").ExecuteAsync(context);
            return null;
        }

        var job = long.Parse((string)context.Request.RouteValues["job"]!, System.Globalization.CultureInfo.InvariantCulture);
        var attempt = int.Parse((string)context.Request.RouteValues["attempt"]!, System.Globalization.CultureInfo.InvariantCulture);
        return (job, attempt, LeaseTokens.Hash(lease));
    }

    private static Task Superseded(HttpContext context) =>
        Problems.Conflict("this attempt of the job is no longer the running one (its lease expired and the job was given to another agent, or it was finished)").ExecuteAsync(context);
}
