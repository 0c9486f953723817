using System.Text;

namespace Sluice.Benchmarks.Compare;

/// <summary>A workflow held in memory, named as the npm bench names it (the name only shows in diagnostics).</summary>
internal sealed record WorkflowFile(string Path, string Name, string Content);

internal static class WorkflowFiles
{
    /// <summary>The file, or every *.yml / *.yaml below the folder in ordinal order, as bench/npm/workflow-bench.mjs collects them.</summary>
    public static IReadOnlyList<WorkflowFile> Load(string path)
    {
        var paths = File.Exists(path)
            ? [path]
            : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(p => p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
        return paths.Select(p => new WorkflowFile(p, ".github/workflows/" + System.IO.Path.GetFileName(p), File.ReadAllText(p, Encoding.UTF8))).ToList();
    }

    public static long Utf8Bytes(IEnumerable<WorkflowFile> files) => files.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Content));
}
