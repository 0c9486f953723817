using Sluice.Actions.Cache;

namespace Sluice.Actions;

/// <summary>An entry this store uses: its shared lock keeps other processes from evicting it.</summary>
internal sealed record Lease(CacheEntry Entry, FileStream Lock, bool Downloaded, IReadOnlyList<string> Notes);
