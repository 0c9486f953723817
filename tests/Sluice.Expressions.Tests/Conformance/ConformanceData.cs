using System.Text.Json;

namespace Sluice.Expressions.Tests.Conformance;

/// <summary>Finds and reads the shared conformance files: ../shared/conformance/expressions beside the repository root.</summary>
public static class ConformanceData
{
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> AllCases = new(Load);

    public static IReadOnlyList<ConformanceCase> Cases => AllCases.Value;

    public static string Directory
    {
        get
        {
            // A checkout without ../shared beside it (a job workspace under sluice run) names the folder instead.
            if (Environment.GetEnvironmentVariable("SLUICE_CONFORMANCE_DIR") is { Length: > 0 } given)
            {
                return Path.Combine(given, "expressions");
            }

            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sluice.slnx")))
            {
                directory = directory.Parent;
            }

            if (directory is null)
            {
                throw new InvalidOperationException("Could not find Sluice.slnx above " + AppContext.BaseDirectory);
            }

            return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "conformance", "expressions"));
        }
    }

    private static List<ConformanceCase> Load()
    {
        var cases = new List<ConformanceCase>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var group in document.RootElement.EnumerateObject())
            {
                var index = 0;
                foreach (var item in group.Value.EnumerateArray())
                {
                    cases.Add(new ConformanceCase(
                        $"{Path.GetFileNameWithoutExtension(file)}/{group.Name}/{index}",
                        item.GetProperty("expr").GetString()!,
                        Optional(item, "contexts"),
                        Optional(item, "result"),
                        Optional(item, "err")));
                    index++;
                }
            }
        }

        return cases;
    }

    private static JsonElement? Optional(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.Clone() : null;
}
