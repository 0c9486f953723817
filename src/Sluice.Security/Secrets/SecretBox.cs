using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Security.Secrets;

/// <summary>
/// Seals secrets for storage and opens them again, with AES-256-GCM. A sealed value is
/// <c>[format 1][key id][12-byte nonce][ciphertext][16-byte tag]</c>; the associated data binds it to its repository and
/// name, so a value copied into another secret's row does not open.
/// </summary>
/// <remarks>
/// Every seal draws a fresh random nonce: with 96-bit random nonces one key stays safe for billions of seals, far more
/// than a server's secrets will ever number, and nothing needs to keep a counter across restarts.
/// </remarks>
public sealed class SecretBox(SecretKeyRing keys)
{
    public const byte FormatVersion = 1;

    private const int HeaderLength = 2;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The secret <paramref name="value"/> of <paramref name="name"/> in <paramref name="repository"/> (empty for a secret of
    /// the whole server), sealed with the current key.
    /// </summary>
    public byte[] Seal(string repository, string name, string value)
    {
        byte[] plaintext;
        try
        {
            plaintext = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"The value of the secret '{Printable.Of(name)}' is not valid Unicode text.", nameof(value));
        }

        var key = keys.Current;
        var sealedValue = new byte[HeaderLength + NonceLength + plaintext.Length + TagLength];
        sealedValue[0] = FormatVersion;
        sealedValue[1] = key.Id;
        var nonce = sealedValue.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Material, TagLength))
        {
            aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(HeaderLength + NonceLength, plaintext.Length), sealedValue.AsSpan(^TagLength), AssociatedData(sealedValue.AsSpan(0, HeaderLength), repository, name));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return sealedValue;
    }

    /// <summary>The value sealed by <see cref="Seal"/> for the same repository and name.</summary>
    /// <exception cref="SecretOpenException">It cannot be opened; the exception says why and what to do.</exception>
    public string Open(string repository, string name, ReadOnlySpan<byte> sealedValue)
    {
        var what = $"The stored secret '{Printable.Of(name)}'{(repository.Length > 0 ? $" of repository '{Printable.Of(repository)}'" : "")}";
        if (sealedValue.Length < HeaderLength + NonceLength + TagLength)
        {
            throw new SecretOpenException(SecretOpenFailure.Corrupted, $"{what} is corrupted: {sealedValue.Length} bytes is too short to be a sealed secret. Set the secret again.");
        }

        if (sealedValue[0] != FormatVersion)
        {
            throw new SecretOpenException(SecretOpenFailure.Corrupted, $"{what} is in an unknown format ({sealedValue[0]}): it is corrupted, or was written by a newer Sluice. Set the secret again.");
        }

        var candidates = keys.WithId(sealedValue[1]).ToList();
        if (candidates.Count == 0)
        {
            throw new SecretOpenException(SecretOpenFailure.UnknownKey,
                $"{what} was sealed with key {sealedValue[1]:x2}, which is not among the keys from {keys.Origin} ({string.Join(", ", keys.KeyIds.Select(id => id.ToString("x2")))}). "
                + "Put the old key back on a line after the current one, or set the secret again.");
        }

        var ciphertext = sealedValue[(HeaderLength + NonceLength)..^TagLength];
        var plaintext = new byte[ciphertext.Length];
        var associatedData = AssociatedData(sealedValue[..HeaderLength], repository, name);
        foreach (var key in candidates)
        {
            using var aes = new AesGcm(key.Material, TagLength);
            try
            {
                aes.Decrypt(sealedValue.Slice(HeaderLength, NonceLength), ciphertext, sealedValue[^TagLength..], plaintext, associatedData);
                var value = StrictUtf8.GetString(plaintext);
                CryptographicOperations.ZeroMemory(plaintext);
                return value;
            }
            catch (AuthenticationTagMismatchException)
            {
                // Another key may share the id; if none opens it, the loop ends in the error below.
            }
        }

        throw new SecretOpenException(SecretOpenFailure.AuthenticationFailed,
            $"{what} does not open with key {sealedValue[1]:x2} from {keys.Origin}: it was altered, copied from another secret, or the key is not the one it was sealed with. Set the secret again.");
    }

    /// <summary>Whether <paramref name="sealedValue"/> was sealed with the current key; after a rotation, those that were not want <see cref="Reseal"/>.</summary>
    public bool IsSealedWithCurrentKey(ReadOnlySpan<byte> sealedValue) =>
        sealedValue.Length >= HeaderLength && sealedValue[0] == FormatVersion && sealedValue[1] == keys.CurrentKeyId;

    /// <summary>Opens a value with whichever key sealed it and seals it again with the current key.</summary>
    public byte[] Reseal(string repository, string name, ReadOnlySpan<byte> sealedValue) =>
        Seal(repository, name, Open(repository, name, sealedValue));

    /// <summary>
    /// What the tag covers besides the ciphertext: a label, the header, and the repository and name, each with its
    /// length first so that ("a/b", "c") and ("a", "b/c") differ.
    /// </summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string repository, string name)
    {
        var label = "sluice secret\0"u8;
        var repositoryBytes = Encoding.UTF8.GetBytes(repository);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[label.Length + header.Length + 4 + repositoryBytes.Length + 4 + nameBytes.Length];
        var span = data.AsSpan();
        label.CopyTo(span);
        span = span[label.Length..];
        header.CopyTo(span);
        span = span[header.Length..];
        BinaryPrimitives.WriteInt32BigEndian(span, repositoryBytes.Length);
        repositoryBytes.CopyTo(span[4..]);
        span = span[(4 + repositoryBytes.Length)..];
        BinaryPrimitives.WriteInt32BigEndian(span, nameBytes.Length);
        nameBytes.CopyTo(span[4..]);
        return data;
    }
}
