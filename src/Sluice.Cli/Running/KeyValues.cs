using Sluice.Engine.Local;

namespace Sluice.Cli.Running;

/// <summary>Parses repeated <c>K=V</c> (or <c>K:V</c>) options; a malformed one is a usage error naming the option.</summary>
internal static class KeyValues
{
    public static Dictionary<string, string> Parse(string[]? values, char separator, string option)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var at = value.IndexOf(separator);
            if (at <= 0)
            {
                throw new UsageException($"{option} '{value}': expected NAME{separator}VALUE");
            }

            result[value[..at]] = value[(at + 1)..];
        }

        return result;
    }

    public static Dictionary<string, string> WithFile(Dictionary<string, string> values, string? file)
    {
        if (file is null)
        {
            return values;
        }

        if (!File.Exists(file))
        {
            throw new UsageException($"the secret file '{file}' does not exist");
        }

        try
        {
            foreach (var (key, value) in Dotenv.Parse(File.ReadAllText(file), file))
            {
                values.TryAdd(key, value);
            }
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        return values;
    }
}
