namespace Sluice.Security.Paths;

/// <summary>A path sent by a client or an agent would leave its folder, or is malformed; the message says how.</summary>
public sealed class UnsafePathException(string message) : Exception(message);
