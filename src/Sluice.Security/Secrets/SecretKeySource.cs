using System.Security.Cryptography;

namespace Sluice.Security.Secrets;

/// <summary>
/// Loads the secrets key: from <see cref="EnvironmentVariable"/> when it is set, otherwise from a key file, which is
/// created (owner-only) when absent. Either holds one or more keys in base64, the current one first; the ones after
/// it are older keys kept during a rotation.
/// </summary>
/// <remarks>
/// The key never goes into the database: someone holding a copy of the database alone (a backup, a stolen disk
/// image of a volume without the key) cannot read the secrets.
/// </remarks>
public static class SecretKeySource
{
    public const string EnvironmentVariable = "SLUICE_SECRETS_KEY";

    /// <summary>The key file's usual name, in the server's data folder unless the operator puts it elsewhere.</summary>
    public const string DefaultFileName = "secrets.key";

    private const string MakeOne = "Make a key with: openssl rand -base64 32";

    private const UnixFileMode TooOpen =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// The keys from <paramref name="environmentValue"/> (the value of <see cref="EnvironmentVariable"/>, null when it is
    /// not set) or else from <paramref name="keyFile"/>, which is created when it does not exist.
    /// </summary>
    /// <exception cref="SecretKeyException">The key is malformed, or the file cannot be read or is open to others.</exception>
    public static SecretKeyRing Load(string keyFile, string? environmentValue) =>
        environmentValue is not null
            ? new SecretKeyRing(Parse(environmentValue, $"environment variable {EnvironmentVariable}", lines: false), $"environment variable {EnvironmentVariable}")
            : FromFile(keyFile);

    /// <summary>A new random key in base64, as the key file and the environment variable hold it.</summary>
    public static string NewKeyText()
    {
        var key = RandomNumberGenerator.GetBytes(SecretKeyRing.KeyBytes);
        try
        {
            return Convert.ToBase64String(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static SecretKeyRing FromFile(string keyFile)
    {
        var path = Path.GetFullPath(keyFile);
        if (Directory.Exists(path))
        {
            throw new SecretKeyException($"The secrets key file {path} is a folder. Remove it, or point Sluice at a key file.");
        }

        var created = !File.Exists(path) && TryCreate(path);

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & TooOpen) != 0)
        {
            var mode = Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');
            throw new SecretKeyException(
                $"The secrets key file {path} can be read or changed by other users (mode {mode}); it must be its owner's alone. Fix it with: chmod 600 {path}");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"The secrets key file {path} cannot be read: {e.Message}");
        }

        return new SecretKeyRing(Parse(text, $"file {path}", lines: true), $"file {path}", created);
    }

    /// <summary>Writes a new key file readable by its owner alone; false when another process made it first.</summary>
    private static bool TryCreate(string path)
    {
        try
        {
            var folder = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(folder))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(folder);
                }
                else
                {
                    Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            return OwnerOnlyFile.TryCreate(
                path,
                "# Sluice's secrets key. Keep it private, and back it up apart from the data folder: without it the stored\n"
                + "# secrets cannot be read. The first key seals; keys on later lines only open what they sealed (see docs/security.md).\n"
                + NewKeyText() + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"The secrets key file {path} does not exist and cannot be created: {e.Message}");
        }
    }

    /// <summary>
    /// The keys in <paramref name="text"/>: base64, separated by white space or commas, with <c>#</c> starting a
    /// comment to the end of its line.
    /// </summary>
    internal static List<byte[]> Parse(string text, string origin, bool lines)
    {
        var keys = new List<byte[]>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = hash < 0 ? rawLine : rawLine[..hash];
            foreach (var word in line.Split([' ', '\t', '\r', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                var where = lines ? $"{origin}, line {lineNumber}" : $"{origin}, key {keys.Count + 1}";
                var buffer = new byte[word.Length];
                if (!Convert.TryFromBase64String(word, buffer, out var length))
                {
                    throw new SecretKeyException($"The secrets key in {where} is not base64. A key is {SecretKeyRing.KeyBytes} random bytes in base64 ({Base64Length} characters). {MakeOne}");
                }

                if (length != SecretKeyRing.KeyBytes)
                {
                    throw new SecretKeyException($"The secrets key in {where} is {length} bytes; a key is {SecretKeyRing.KeyBytes} bytes (256 bits), {Base64Length} characters of base64. {MakeOne}");
                }

                keys.Add(buffer[..length]);
                CryptographicOperations.ZeroMemory(buffer);
            }
        }

        return keys.Count > 0
            ? keys
            : throw new SecretKeyException($"The {origin} holds no secrets key. {MakeOne}");
    }

    private static int Base64Length => (SecretKeyRing.KeyBytes + 2) / 3 * 4;
}
