using YamlDotNet.Core;

namespace Sluice.Benchmarks.Compare;

/// <summary>
/// A floor for the reader: only YamlDotNet's event parser over the same files, no tokens, schema or rules.
/// Comparing it with the full read shows how much of a pass is YAML and how much is Sluice's own work.
/// </summary>
internal static class YamlBaseline
{
    public static string Run(string path, string inputLabel, PassTimer timer)
    {
        var files = WorkflowFiles.Load(path);
        long sink = 0;
        var timings = timer.Measure(() =>
        {
            foreach (var file in files)
            {
                sink += CountEvents(file.Content);
            }
        });
        GC.KeepAlive(sink);

        var bytes = WorkflowFiles.Utf8Bytes(files);
        using var line = new JsonLine();
        return line
            .Add("impl", "yamldotnet-events-only")
            .Add("version", Versions.Of<Parser>())
            .Add("runtime", Versions.Runtime)
            .Add("input", inputLabel)
            .Add("files", files.Count)
            .Add("bytes", bytes)
            .Add("iterations", timings.Iterations)
            .Add("seconds", timings.Seconds)
            .Add("files_per_second", files.Count * timings.Iterations / timings.Seconds, 1)
            .Add("mb_per_second", bytes * timings.Iterations / 1e6 / timings.Seconds)
            .Add("median_ms_per_pass", timings.MedianMs)
            .Add("min_ms_per_pass", timings.MinMs)
            .Add("max_ms_per_pass", timings.MaxMs)
            .Add("warmup_passes", timings.WarmupPasses)
            .Complete();
    }

    private static int CountEvents(string content)
    {
        var count = 0;
        try
        {
            var parser = new Parser(new StringReader(content));
            while (parser.MoveNext())
            {
                count++;
            }
        }
        catch (YamlException)
        {
            count = -1;
        }

        return count;
    }
}
