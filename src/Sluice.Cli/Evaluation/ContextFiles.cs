using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Cli.Evaluation;

/// <summary>Loads the <c>--context NAME=FILE.json</c> arguments into named values.</summary>
internal static class ContextFiles
{
    /// <exception cref="UsageException">An argument is not NAME=FILE, a name repeats, or a file is missing or not JSON.</exception>
    public static IReadOnlyDictionary<string, ExpressionValue> Load(IEnumerable<string> arguments)
    {
        var contexts = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || separator == argument.Length - 1)
            {
                throw new UsageException($"--context '{argument}' is not NAME=FILE.json; for example --context github=github.json");
            }

            var name = argument[..separator];
            var file = argument[(separator + 1)..];
            if (!ContextNames.IsValid(name))
            {
                throw new UsageException($"--context name '{name}' is not a valid context name; use letters, digits, '_' and '-', starting with a letter or '_'");
            }

            if (!contexts.TryAdd(name, Read(name, file)))
            {
                throw new UsageException($"--context '{name}' is given more than once; give each context once");
            }
        }

        return contexts;
    }

    private static ExpressionValue Read(string name, string file)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"--context {name}: file not found: '{file}'");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file), JsonLimits.DocumentOptions);
            return ExpressionValue.FromJson(document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--context {name}: '{file}' is not valid JSON: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new UsageException($"--context {name}: cannot read '{file}': {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UsageException($"--context {name}: cannot read '{file}': {ex.Message}");
        }
    }
}
