namespace Sluice.Engine.Execution.Cache;

/// <summary><c>actions/cache/restore</c>: the restore half of <c>actions/cache</c>, with no save at the end of the job.</summary>
internal sealed class CacheRestoreAction : IBuiltinAction
{
    public string Name => "actions/cache/restore";

    public bool Handles(string uses) => uses.StartsWith("actions/cache/restore@", StringComparison.OrdinalIgnoreCase);

    public async Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken)
    {
        var (request, error) = CacheRequest.From(context);
        var (store, storeError) = CacheOperations.OpenStore(context);
        if (request is null || store is null)
        {
            context.Annotate("error", error ?? storeError!);
            return Conclusion.Failure;
        }

        return await CacheOperations.RestoreAsync(context, store, request, cancellationToken) == RestoreOutcome.Failed
            ? Conclusion.Failure
            : Conclusion.Success;
    }
}
