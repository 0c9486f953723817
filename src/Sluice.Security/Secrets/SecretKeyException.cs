namespace Sluice.Security.Secrets;

/// <summary>The secrets key cannot be had: missing, malformed, or readable by others. The message says how to fix it.</summary>
public sealed class SecretKeyException(string message) : Exception(message);
