using System.Security.Cryptography;
using System.Text;
using Sluice.Server.Storage;

namespace Sluice.Server.Access;

/// <summary>
/// Repository secrets, sealed with AES-GCM under a key kept outside the database (DATA/secrets.key, mode 0600, or
/// SLUICE_SECRETS_KEY); each value is bound to its repository and name, so a sealed value moved to another row does
/// not open.
/// </summary>
public sealed class SecretStore(IServerStore store, byte[] key, TimeProvider time)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public async Task SetAsync(long repositoryId, string name, string value, CancellationToken cancellationToken)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), Bound(repositoryId, name));
        await store.SetSecretAsync(repositoryId, name, sealedValue, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Dictionary<string, string>> OpenAllAsync(long repositoryId, CancellationToken cancellationToken)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        using var aes = new AesGcm(key, TagSize);
        foreach (var row in await store.SecretsAsync(repositoryId, cancellationToken).ConfigureAwait(false))
        {
            var data = row.Sealed;
            var plain = new byte[data.Length - NonceSize - TagSize];
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize + TagSize), data.AsSpan(NonceSize, TagSize), plain, Bound(repositoryId, row.Name));
            secrets[row.Name] = Encoding.UTF8.GetString(plain);
        }

        return secrets;
    }

    /// <summary>The key from SLUICE_SECRETS_KEY (base64 of 32 bytes), else from the key file, created on first use.</summary>
    public static byte[] LoadKey(string dataDirectory)
    {
        if (Environment.GetEnvironmentVariable("SLUICE_SECRETS_KEY") is { Length: > 0 } fromEnvironment)
        {
            var key = Convert.FromBase64String(fromEnvironment);
            return key.Length == 32 ? key : throw new InvalidOperationException("SLUICE_SECRETS_KEY must be the base64 of 32 bytes");
        }

        var path = Path.Combine(dataDirectory, "secrets.key");
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            PrivateFile.Write(path, Convert.ToBase64String(fresh) + "\n");
            return fresh;
        }

        var stored = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return stored.Length == 32 ? stored : throw new InvalidOperationException($"{path} must hold the base64 of 32 bytes");
    }

    private static byte[] Bound(long repositoryId, string name) => Encoding.UTF8.GetBytes($"sluice-secret\n{repositoryId}\n{name}");
}
