namespace Sluice.Security.Secrets;

/// <summary>A sealed secret cannot be opened; <see cref="Failure"/> says why, the message says what to do.</summary>
public sealed class SecretOpenException(SecretOpenFailure failure, string message) : Exception(message)
{
    public SecretOpenFailure Failure { get; } = failure;
}

/// <summary>Why a sealed secret did not open.</summary>
public enum SecretOpenFailure
{
    /// <summary>The stored bytes are not a sealed secret at all: truncated, or of an unknown format.</summary>
    Corrupted,

    /// <summary>It was sealed with a key that is not among the configured ones (removed or replaced).</summary>
    UnknownKey,

    /// <summary>A key of the right id did not authenticate it: it was altered, moved from another secret, or the key is wrong.</summary>
    AuthenticationFailed,
}
