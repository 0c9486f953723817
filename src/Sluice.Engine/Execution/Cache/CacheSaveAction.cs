using Sluice.Engine.Execution.Artifacts;

namespace Sluice.Engine.Execution.Cache;

/// <summary><c>actions/cache/save</c>: saves <c>path</c> under <c>key</c> at its step, whatever the job does next.</summary>
internal sealed class CacheSaveAction : IBuiltinAction
{
    public string Name => "actions/cache/save";

    public bool Handles(string uses) => uses.StartsWith("actions/cache/save@", StringComparison.OrdinalIgnoreCase);

    public async Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken)
    {
        var (request, error) = CacheRequest.From(context);
        var (store, storeError) = CacheOperations.OpenStore(context);
        if (request is null || store is null)
        {
            context.Annotate("error", error ?? storeError!);
            return Conclusion.Failure;
        }

        await CacheOperations.SaveAsync(store, request, context.Request.Workspace, ActionVersion.Home(context), context.Log, context.Annotate, cancellationToken);
        return Conclusion.Success;
    }
}
