using Sluice.Workflows;

namespace Sluice.Benchmarks.Compare;

/// <summary>
/// Read + validate, the work of bench/npm/workflow-bench.mjs: a pass reads every file once with
/// <see cref="WorkflowReader.Read"/> (YAML, schema, expression syntax, semantic rules, model), text already in memory.
/// </summary>
internal static class WorkflowComparison
{
    public static string Run(string path, string inputLabel, PassTimer timer, TextWriter? check)
    {
        var files = WorkflowFiles.Load(path);
        var largest = files.Max(f => f.Content.Length);
        var reader = new WorkflowReader(new WorkflowReaderOptions
        {
            MaxFileSize = Math.Max(WorkflowReaderOptions.Default.MaxFileSize, largest),
        });

        var filesWithErrors = 0;
        foreach (var file in files)
        {
            var result = reader.Read(file.Name, file.Content);
            if (!result.IsValid)
            {
                filesWithErrors++;
                check?.WriteLine($"{System.IO.Path.GetFileName(file.Path)}: {result.Errors.Count} error(s): {result.Errors[0]}");
            }
        }

        long sink = 0;
        var timings = timer.Measure(() =>
        {
            foreach (var file in files)
            {
                var result = reader.Read(file.Name, file.Content);
                sink += result.Errors.Count + (result.Workflow?.Jobs.Count ?? 0);
            }
        });
        GC.KeepAlive(sink);

        var bytes = WorkflowFiles.Utf8Bytes(files);
        using var line = new JsonLine();
        return line
            .Add("impl", "sluice")
            .Add("version", Versions.Of<WorkflowReader>())
            .Add("runtime", Versions.Runtime)
            .Add("input", inputLabel)
            .Add("files", files.Count)
            .Add("bytes", bytes)
            .Add("files_with_errors", filesWithErrors)
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
}
