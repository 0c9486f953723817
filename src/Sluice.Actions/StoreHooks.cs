namespace Sluice.Actions;

/// <summary>What tests watch in a store: each git process it starts, and each wait for another process's lock.</summary>
internal sealed class StoreHooks
{
    /// <summary>Called with the process id and the argument list of each git process, right after it started.</summary>
    public Action<int, IReadOnlyList<string>>? GitStarted { get; set; }

    /// <summary>Called with the entry's folder each time the store finds another process holding the entry's lock.</summary>
    public Action<string>? WaitingForLock { get; set; }

    /// <summary>git settings added to the store's own, e.g. protocol.version=0 to meet a host that hands out no commit by SHA.</summary>
    public IReadOnlyList<(string Key, string Value)> ExtraGitConfig { get; set; } = [];
}
