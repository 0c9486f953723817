using System.Collections.Concurrent;

namespace Sluice.Actions;

/// <summary>
/// One piece of work per key at a time in this process: callers asking for a key already in flight wait for the
/// same result. A success is kept for the store's lifetime; a failure is forgotten once it is reported, so a later
/// call tries again.
/// </summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _work = new(StringComparer.Ordinal);

    /// <summary>The work's task for <paramref name="key"/>, and whether it had already succeeded before this call.</summary>
    public (Task<T> Task, bool AlreadyDone) Run(string key, Func<Task<T>> work)
    {
        if (_work.TryGetValue(key, out var existing))
        {
            return (existing.Value, existing.IsValueCreated && existing.Value.IsCompletedSuccessfully);
        }

        Lazy<Task<T>>? mine = null;
        mine = new Lazy<Task<T>>(() => ForgetFailureAsync(key, mine!, work));
        var chosen = _work.GetOrAdd(key, mine);
        return (chosen.Value, false);
    }

    private async Task<T> ForgetFailureAsync(string key, Lazy<Task<T>> mine, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch
        {
            _work.TryRemove(KeyValuePair.Create(key, mine));
            throw;
        }
    }
}
