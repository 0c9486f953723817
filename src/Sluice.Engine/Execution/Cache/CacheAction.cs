using System.Collections.Concurrent;
using Sluice.Engine.Execution.Artifacts;

namespace Sluice.Engine.Execution.Cache;

/// <summary>
/// <c>actions/cache</c>: restores at its step and, like GitHub's post step, saves when the job ends — only if the job
/// succeeded and the key had no exact hit. The save waits in <see cref="PendingSaves"/> until the job executor calls
/// <see cref="CompletePendingSavesAsync(JobRequest, bool, CancellationToken)"/> after the job's last step.
/// </summary>
internal sealed class CacheAction : IBuiltinAction
{
    private static readonly ConcurrentDictionary<string, ConcurrentStack<PendingSave>> PendingSaves = new(StringComparer.Ordinal);

    public string Name => "actions/cache";

    public bool Handles(string uses) => uses.StartsWith("actions/cache@", StringComparison.OrdinalIgnoreCase);

    public async Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken)
    {
        var (request, error) = CacheRequest.From(context);
        var (store, storeError) = CacheOperations.OpenStore(context);
        if (request is null || store is null)
        {
            context.Annotate("error", error ?? storeError!);
            return Conclusion.Failure;
        }

        var outcome = await CacheOperations.RestoreAsync(context, store, request, cancellationToken);
        if (outcome == RestoreOutcome.Failed)
        {
            return Conclusion.Failure;
        }

        if (outcome != RestoreOutcome.ExactHit)
        {
            var pending = new PendingSave(store, request, context.Request.Workspace, ActionVersion.Home(context), context.Log, context.Annotate);
            PendingSaves.GetOrAdd(JobId(context.Request.Run.RunDirectory, context.Request.JobKey), _ => new()).Push(pending);
        }

        return Conclusion.Success;
    }

    /// <summary>
    /// The post step of every <c>actions/cache</c> step of the job, last first: saves when the job succeeded, drops
    /// the saves otherwise. A save that fails is a warning (<see cref="CacheOperations.SaveAsync"/>), never a failed job.
    /// </summary>
    public static Task CompletePendingSavesAsync(JobRequest request, bool jobSucceeded, CancellationToken cancellationToken) =>
        CompletePendingSavesAsync(request.Run.RunDirectory, request.JobKey, jobSucceeded, cancellationToken);

    /// <inheritdoc cref="CompletePendingSavesAsync(JobRequest, bool, CancellationToken)"/>
    public static async Task CompletePendingSavesAsync(string runDirectory, string jobKey, bool jobSucceeded, CancellationToken cancellationToken)
    {
        if (!PendingSaves.TryRemove(JobId(runDirectory, jobKey), out var saves))
        {
            return;
        }

        while (saves.TryPop(out var save))
        {
            if (!jobSucceeded)
            {
                save.Log($"Not saving cache with key {save.Request.Key}: the job did not succeed.");
                continue;
            }

            await CacheOperations.SaveAsync(save.Store, save.Request, save.Workspace, save.Home, save.Log, save.Annotate, cancellationToken);
        }
    }

    // Job keys repeat across runs (several may run in one process), so the run's folder is part of the id.
    private static string JobId(string runDirectory, string jobKey) => Path.GetFullPath(runDirectory) + "\n" + jobKey;

    private sealed record PendingSave(ICacheStorage Store, CacheRequest Request, string Workspace, string Home, Action<string> Log, Action<string, string> Annotate);
}
