using System.Security.Cryptography;

namespace Sluice.Security.Secrets;

/// <summary>
/// The keys that seal and open secrets: the current one, which seals, and older ones kept after a rotation so that
/// what they sealed still opens. Each key's id is the first byte of a hash of it, written into every sealed value so
/// that opening picks the right key without trying them all (two keys sharing an id are both tried).
/// </summary>
public sealed class SecretKeyRing
{
    /// <summary>The length in bytes of a key: AES-256.</summary>
    public const int KeyBytes = 32;

    private readonly IReadOnlyList<SecretKey> keys;

    /// <param name="keys">The keys, the current one first, each <see cref="KeyBytes"/> long.</param>
    /// <param name="origin">Where they came from, to name in messages (a file, an environment variable).</param>
    /// <param name="created">Whether the key was made just now, so the operator should be told to back it up.</param>
    public SecretKeyRing(IEnumerable<byte[]> keys, string origin, bool created = false)
    {
        this.keys = [.. keys.Select(key => key.Length == KeyBytes
            ? new SecretKey(IdOf(key), (byte[])key.Clone())
            : throw new ArgumentException($"A secrets key is {KeyBytes} bytes, not {key.Length}.", nameof(keys)))];
        if (this.keys.Count == 0)
        {
            throw new ArgumentException("A key ring needs at least one key.", nameof(keys));
        }

        Origin = origin;
        Created = created;
    }

    /// <summary>Where the keys came from: <c>file /data/secrets.key</c> or <c>environment variable SLUICE_SECRETS_KEY</c>.</summary>
    public string Origin { get; }

    /// <summary>Whether a new key file was written when the keys were loaded.</summary>
    public bool Created { get; }

    /// <summary>The id of the key that seals.</summary>
    public byte CurrentKeyId => keys[0].Id;

    /// <summary>The ids of every key, the current one first.</summary>
    public IReadOnlyList<byte> KeyIds => [.. keys.Select(k => k.Id)];

    internal SecretKey Current => keys[0];

    internal IEnumerable<SecretKey> WithId(byte id) => keys.Where(k => k.Id == id);

    /// <summary>
    /// A key's id. Derived from the key rather than numbered by hand, so nothing needs configuring and a key keeps its
    /// id wherever it is listed. Eight bits of a hash say nothing useful about 256 bits of key.
    /// </summary>
    internal static byte IdOf(ReadOnlySpan<byte> key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var input = new byte["sluice secrets key id\0"u8.Length + key.Length];
        "sluice secrets key id\0"u8.CopyTo(input);
        key.CopyTo(input.AsSpan("sluice secrets key id\0"u8.Length));
        SHA256.HashData(input, hash);
        CryptographicOperations.ZeroMemory(input);
        return hash[0];
    }
}

/// <summary>One key and its id.</summary>
internal sealed record SecretKey(byte Id, byte[] Material);
