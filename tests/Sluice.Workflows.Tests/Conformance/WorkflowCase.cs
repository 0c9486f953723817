using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sluice.Workflows.Tests.Conformance;

/// <summary>One case of GitHub's workflow-parser test vectors: options, the workflow, the workflows it calls, and the expected result.</summary>
internal sealed partial class WorkflowCase
{
    public required string Name { get; init; }

    public required string Workflow { get; init; }

    public required IReadOnlyDictionary<string, string> Called { get; init; }

    public required IReadOnlyList<string> Skip { get; init; }

    public required IReadOnlyDictionary<string, string> Options { get; init; }

    public required JsonElement Expected { get; init; }

    public string FileName => $".github/workflows/{Name}.yml";

    public bool ExpectsErrors => Expected.TryGetProperty("errors", out _);

    public IReadOnlyList<ExpectedError> ExpectedErrors => ExpectsErrors
        ? [.. Expected.GetProperty("errors").EnumerateArray().Select(e => ExpectedError.Parse(e.GetProperty("Message").GetString()!))]
        : [];

    public static IEnumerable<WorkflowCase> LoadAll() =>
        Directory.GetFiles(ConformancePaths.Workflows, "*.yml").Order(StringComparer.Ordinal).Select(Load);

    public static WorkflowCase Load(string path)
    {
        var documents = DocumentSeparator().Split(File.ReadAllText(path));
        var options = new YamlStream();
        options.Load(new StringReader(documents[0]));
        var skip = new List<string>();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.Documents.Count > 0 && options.Documents[0].RootNode is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                if (name == "skip" && value is YamlSequenceNode list)
                {
                    skip.AddRange(list.Children.Select(c => ((YamlScalarNode)c).Value!));
                }
                else if (value is YamlScalarNode scalar)
                {
                    settings[name] = scalar.Value ?? "";
                }
                else if (value is YamlMappingNode nested)
                {
                    // experimental-features: {allowBackgroundSteps: true} becomes "experimental-features.allowBackgroundSteps".
                    foreach (var (nestedKey, nestedValue) in nested.Children)
                    {
                        settings[$"{name}.{((YamlScalarNode)nestedKey).Value}"] = (nestedValue as YamlScalarNode)?.Value ?? "";
                    }
                }
            }
        }

        var called = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i + 1 < documents.Length - 1; i += 2)
        {
            called[documents[i].Trim()] = documents[i + 1];
        }

        return new WorkflowCase
        {
            Name = Path.GetFileNameWithoutExtension(path),
            Workflow = documents[1].TrimStart('\n'),
            Called = called,
            Skip = skip,
            Options = settings,
            Expected = JsonDocument.Parse(documents[^1]).RootElement.Clone(),
        };
    }

    public WorkflowReaderOptions ReaderOptions() => new()
    {
        MaxFileSize = Options.TryGetValue("max-file-size", out var size) ? int.Parse(size) : WorkflowReaderOptions.Default.MaxFileSize,
        MaxDepth = Options.TryGetValue("max-depth", out var depth) ? int.Parse(depth) : WorkflowReaderOptions.Default.MaxDepth,
        MaxResultSize = Options.TryGetValue("max-result-size", out var result) ? int.Parse(result) : WorkflowReaderOptions.Default.MaxResultSize,
        DefaultPermissions = Options.TryGetValue("permissions-policy", out var policy) && policy == "LimitedRead"
            ? DefaultPermissionsPolicy.LimitedRead
            : DefaultPermissionsPolicy.Write,
        MaxJobs = Options.TryGetValue("max-job-limit", out var jobs) ? int.Parse(jobs) : WorkflowReaderOptions.Default.MaxJobs,
        MaxNestedReusableWorkflowsDepth = Options.TryGetValue("max-nested-reusable-workflows-depth", out var nesting)
            ? int.Parse(nesting)
            : WorkflowReaderOptions.Default.MaxNestedReusableWorkflowsDepth,
        AllowBackgroundSteps = Options.TryGetValue("experimental-features.allowBackgroundSteps", out var background) && background == "true",
        ResolveReusableWorkflow = reference => Called.TryGetValue(reference, out var text) ? text : null,
    };

    public override string ToString() => Name;

    [GeneratedRegex(@"^---[ \t]*\r?\n", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}

/// <summary>An expected error: <c>file (Line: L, Col: C): text</c>, or <c>file: text</c> or bare text for errors without a place.</summary>
internal sealed partial record ExpectedError(string File, int? Line, int? Column, string Message)
{
    public static ExpectedError Parse(string text)
    {
        var located = Located().Match(text);
        if (located.Success)
        {
            return new ExpectedError(located.Groups["file"].Value, int.Parse(located.Groups["line"].Value), int.Parse(located.Groups["col"].Value), located.Groups["msg"].Value);
        }

        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? new ExpectedError("", null, null, text) : new ExpectedError(text[..colon], null, null, text[(colon + 2)..]);
    }

    [GeneratedRegex(@"^(In )?(?<file>.+?) \(Line: (?<line>\d+), Col: (?<col>\d+)\): (?<msg>.*)$", RegexOptions.Singleline)]
    private static partial Regex Located();
}
