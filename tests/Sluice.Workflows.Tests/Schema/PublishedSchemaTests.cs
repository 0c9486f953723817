using Sluice.Workflows.Schema;
using Sluice.Workflows.Tests.Conformance;
using Xunit.Abstractions;

namespace Sluice.Workflows.Tests.Schema;

/// <summary>
/// Sluice's reader against GitHub's published schemas (../shared/conformance/schema): every definition, property,
/// allowed value, one-of alternative, required key, string setting and context list must agree, except the
/// definitions a deliberate deviation names (Schema/Data/*.deviations.json, each with its reason). When GitHub
/// publishes a new schema, replacing the file there makes these tests list exactly what changed.
/// </summary>
public sealed class PublishedSchemaTests(ITestOutputHelper output)
{
    public static TheoryData<string> SchemaFiles => new() { "workflow-v1.0.json", "action-v1.0.json" };

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void Sluices_schema_differs_from_the_published_one_only_by_its_deliberate_deviations(string fileName)
    {
        var published = SchemaFacts.FromPublished(File.ReadAllText(Path.Combine(ConformancePaths.Root, "schema", fileName)));
        var sluice = SchemaFacts.FromModel(Load(fileName));
        var deviations = TemplateSchema.ReadDeviations(TemplateSchema.EmbeddedText(DeviationsFile(fileName)));
        var deviated = deviations.SelectMany(d => d.Definitions).ToHashSet(StringComparer.Ordinal);

        var differences = SchemaFacts.Compare(published, sluice);
        var unexplained = differences.Where(d => !deviated.Contains(d.Definition)).ToList();
        foreach (var (definition, difference) in differences)
        {
            output.WriteLine($"{(deviated.Contains(definition) ? "deliberate" : "UNEXPLAINED")} {definition}: {difference}");
        }

        var line = $"schema conformance: {fileName} agrees except for deliberate deviations, {published.Count} published definitions, {differences.Count - unexplained.Count} deliberate differences in {deviations.Count} deviations, {unexplained.Count} unexplained";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(
            unexplained.Count == 0,
            $"{unexplained.Count} differences from GitHub's {fileName} are not deliberate deviations. Refresh Sluice's copy with " +
            $"'node scripts/import-github-schema.mjs', or list a deviation with its reason in Schema/Data/{DeviationsFile(fileName)}:\n" +
            string.Join("\n", unexplained.Select(d => $"  {d.Definition}: {d.Difference}")));
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void Every_deliberate_deviation_has_a_reason_and_still_differs_from_the_published_schema(string fileName)
    {
        var published = SchemaFacts.FromPublished(File.ReadAllText(Path.Combine(ConformancePaths.Root, "schema", fileName)));
        var sluice = SchemaFacts.FromModel(Load(fileName));
        var differing = SchemaFacts.Compare(published, sluice).Select(d => d.Definition).ToHashSet(StringComparer.Ordinal);

        foreach (var deviation in TemplateSchema.ReadDeviations(TemplateSchema.EmbeddedText(DeviationsFile(fileName))))
        {
            Assert.True(deviation.Reason.Length > 20, $"The deviation of {string.Join(", ", deviation.Definitions)} needs a reason.");
            foreach (var definition in deviation.Definitions)
            {
                Assert.True(differing.Contains(definition), $"'{definition}' is listed as a deviation but agrees with the published schema; remove it from {DeviationsFile(fileName)}.");
            }
        }
    }

    [Fact]
    public void Sluices_copy_of_the_published_schema_is_the_published_schema_without_its_descriptions()
    {
        foreach (var fileName in new[] { "workflow-v1.0.json", "action-v1.0.json" })
        {
            var published = SchemaFacts.FromPublished(File.ReadAllText(Path.Combine(ConformancePaths.Root, "schema", fileName)));
            var copy = SchemaFacts.FromPublished(TemplateSchema.EmbeddedText(fileName));
            Assert.True(
                SchemaFacts.Compare(published, copy).Count == 0,
                $"Schema/Data/{fileName} is not the published {fileName}; run 'node scripts/import-github-schema.mjs' to refresh it.");
        }
    }

    [Fact]
    public void A_change_in_the_published_schema_is_named_as_a_difference()
    {
        var published = SchemaFacts.FromPublished(File.ReadAllText(Path.Combine(ConformancePaths.Root, "schema", "workflow-v1.0.json")));
        var newer = published.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);
        newer["permissions-mapping"].Add("property 'new-scope' is 'permission-level-any'");
        newer["step-if"].Remove(newer["step-if"].Single(f => f.StartsWith("context ", StringComparison.Ordinal)));

        var differences = SchemaFacts.Compare(newer, SchemaFacts.FromModel(Load("workflow-v1.0.json")));

        Assert.Contains(("permissions-mapping", "- property 'new-scope' is 'permission-level-any'"), differences);
        Assert.Contains(differences, d => d.Definition == "step-if" && d.Difference.StartsWith("+ context [github", StringComparison.Ordinal));
    }

    [Fact]
    public void A_schema_using_a_feature_Sluice_does_not_interpret_is_refused_by_name()
    {
        var ex = Assert.Throws<SchemaFormatException>(() => TemplateSchema.Load("""{"definitions": {"x": {"string": {"pattern": "^a"}}}}"""));
        Assert.Contains("pattern", ex.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<SchemaFormatException>(() => TemplateSchema.Load("""{"definitions": {"x": {"sequence": {"item-type": "nowhere"}}}}"""));
        Assert.Contains("'nowhere'", missing.Message, StringComparison.Ordinal);
    }

    private static TemplateSchema Load(string fileName) =>
        TemplateSchema.Load(TemplateSchema.EmbeddedText(fileName), TemplateSchema.EmbeddedText(DeviationsFile(fileName)));

    private static string DeviationsFile(string fileName) => Path.ChangeExtension(fileName, ".deviations.json");
}
