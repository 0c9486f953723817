using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Cache;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.Actions;

/// <summary>Helpers for running workflows that use the artifact and cache actions.</summary>
internal static class ActionRuns
{
    public static string RunDirectory(WorkflowRun run) => Path.Combine(Path.GetDirectoryName(run.Repo)!, "run");

    /// <summary>
    /// Runs the workflow and then the <c>actions/cache</c> post step of each job with the job's conclusion, as the
    /// job executor does (a second call for the same job finds nothing pending, so this holds either way).
    /// </summary>
    public static async Task<RunResult> RunWithPostStepsAsync(this WorkflowRun run)
    {
        var result = await run.RunAsync();
        foreach (var job in result.Jobs)
        {
            await CacheAction.CompletePendingSavesAsync(RunDirectory(run), job.JobId, job.Conclusion == Conclusion.Success, CancellationToken.None)
                .WaitAsync(WorkflowRun.Timeout);
        }

        return result;
    }

    public static IEnumerable<string> ErrorsOf(WorkflowRun run, string job) =>
        run.Observer.Annotations.Where(a => a.Job == job && a.Level == "error").Select(a => a.Message);

    /// <summary>The files of a folder, relative and with <c>/</c>, sorted.</summary>
    public static List<string> FilesBelow(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
}

/// <summary>A cache folder of its own for one test, set for the test's async flow and removed afterwards.</summary>
internal sealed class TempCache : IDisposable
{
    public TempCache(long? maxBytes = null)
    {
        CacheSettings.Directory = Path;
        CacheSettings.MaxBytes = maxBytes;
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("sluice-cache-").FullName;

    /// <summary>The keys of the entries the cache holds, sorted.</summary>
    public List<string> Keys() =>
        [.. Directory.EnumerateFiles(Path, "*.json")
            .Select(f => System.Text.Json.JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("key").GetString()!)
            .Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        CacheSettings.Directory = null;
        CacheSettings.MaxBytes = null;
        Directory.Delete(Path, recursive: true);
    }
}
