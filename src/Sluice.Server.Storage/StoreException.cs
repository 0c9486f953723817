namespace Sluice.Server.Storage;

/// <summary>A problem with the store that the user can act on (a newer schema, a name already taken).</summary>
public sealed class StoreException(string message) : Exception(message);
