using System.Text.Json;

namespace Sluice.Workflows.Schema;

/// <summary>
/// A template schema in GitHub's published format, read as data: Sluice's copies of GitHub's workflow and action
/// schemas are embedded in this assembly (Schema/Data, refreshed by scripts/import-github-schema.mjs), so the reader
/// checks exactly what GitHub's readers check.
/// </summary>
internal sealed class TemplateSchema
{
    /// <summary>The names every schema knows without defining them.</summary>
    public const string Null = "null", Boolean = "boolean", Number = "number", String = "string",
        Sequence = "sequence", Mapping = "mapping", Any = "any";

    private static readonly Lazy<TemplateSchema> WorkflowSchema = new(() => LoadEmbedded("workflow-v1.0.json"));
    private static readonly Lazy<TemplateSchema> ActionSchema = new(() => LoadEmbedded("action-v1.0.json"));

    private readonly Dictionary<string, SchemaDefinition> _definitions;

    private TemplateSchema(string? version, Dictionary<string, SchemaDefinition> definitions)
    {
        Version = version;
        _definitions = definitions;
    }

    /// <summary>The schema of workflow files.</summary>
    public static TemplateSchema Workflow => WorkflowSchema.Value;

    /// <summary>The schema of action metadata files (<c>action.yml</c>).</summary>
    public static TemplateSchema Action => ActionSchema.Value;

    public string? Version { get; }

    /// <summary>Every definition, the built-in ones included.</summary>
    public IReadOnlyDictionary<string, SchemaDefinition> Definitions => _definitions;

    public SchemaDefinition Get(string name) =>
        _definitions.TryGetValue(name, out var definition)
            ? definition
            : throw new SchemaFormatException($"The schema has no definition '{name}'.");

    /// <summary>
    /// Reads a schema, with Sluice's deliberate deviations from it (a JSON object whose <c>deviations</c> each
    /// replace or add the <c>definitions</c> they name); throws <see cref="SchemaFormatException"/> naming what is wrong.
    /// </summary>
    public static TemplateSchema Load(string json, string? deviationsJson = null)
    {
        using var document = Parse(json, "schema");
        using var deviations = deviationsJson is null ? null : Parse(deviationsJson, "deviations file");
        return SchemaLoader.Load(document.RootElement, deviations?.RootElement);
    }

    /// <summary>The deliberate deviations of a deviations file: each one's reason and the definitions it replaces or adds.</summary>
    public static IReadOnlyList<SchemaDeviation> ReadDeviations(string deviationsJson)
    {
        using var document = Parse(deviationsJson, "deviations file");
        return SchemaLoader.Deviations(document.RootElement);
    }

    private static JsonDocument Parse(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new SchemaFormatException($"The {what} is not valid JSON: {ex.Message}");
        }
    }

    internal static TemplateSchema Create(string? version, Dictionary<string, SchemaDefinition> definitions) => new(version, definitions);

    /// <summary>Sluice's copy of a published schema, with its deviations file.</summary>
    public static string EmbeddedText(string fileName)
    {
        var resource = $"Sluice.Workflows.Schema.Data.{fileName}";
        using var stream = typeof(TemplateSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new SchemaFormatException($"The embedded schema file {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static TemplateSchema LoadEmbedded(string fileName) =>
        Load(EmbeddedText(fileName), EmbeddedText(Path.ChangeExtension(fileName, ".deviations.json")));
}

/// <summary>A place where Sluice reads differently from GitHub's published schema on purpose, and why.</summary>
internal sealed record SchemaDeviation(string Reason, IReadOnlyList<string> Definitions);

/// <summary>A schema file that Sluice cannot interpret (a bug in Sluice's data, or a published schema using a new feature).</summary>
internal sealed class SchemaFormatException(string message) : Exception(message);
