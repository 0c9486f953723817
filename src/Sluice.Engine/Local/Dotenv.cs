namespace Sluice.Engine.Local;

/// <summary>Reads <c>--secret-file</c>: dotenv lines <c>NAME=value</c>, <c>export NAME=value</c>, quoted values, comments.</summary>
public static class Dotenv
{
    public static Dictionary<string, string> Parse(string text, string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"{file}:{lineNumber}: expected NAME=value");
            }

            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[0] == '"' ? value[1..^1].Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal) : value[1..^1];
            }

            values[name] = value;
        }

        return values;
    }
}
