namespace Sluice.Server.Storage;

/// <summary>
/// A problem with the store that the user can act on (a newer schema, a name already taken), or, when
/// <see cref="Unavailable"/>, a database that cannot be reached now: the request may be sent again once it is back.
/// </summary>
public sealed class StoreException(string message, bool unavailable = false, bool inDoubt = false) : Exception(message)
{
    /// <summary>The database could not be reached (or went away), not that the request was wrong: HTTP 503 or 504, not 4xx.</summary>
    public bool Unavailable { get; } = unavailable || inDoubt;

    /// <summary>The connection failed while a write was being committed: it may have been saved, so sending it again could do it twice.</summary>
    public bool InDoubt { get; } = inDoubt;
}
