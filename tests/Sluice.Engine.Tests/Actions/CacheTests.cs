using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.Actions;

/// <summary>actions/cache and its restore and save halves in real workflows, against a cache folder per test.</summary>
public sealed class CacheTests
{
    private const string CacheThenBuild = """
        on: push
        jobs:
          j:
            runs-on: x
            steps:
              - id: c
                uses: actions/cache@v4
                with:
                  path: deps
                  key: KEY
                  restore-keys: RESTORE
                  lookup-only: LOOKUP
              - if: steps.c.outputs.cache-hit != 'true'
                run: mkdir -p deps && echo "made for KEY" >> deps/lib.txt
              - run: |
                  echo "hit=[${{ steps.c.outputs.cache-hit }}] matched=[${{ steps.c.outputs.cache-matched-key }}] primary=[${{ steps.c.outputs.cache-primary-key }}]"
                  cat deps/lib.txt
        """;

    [Fact]
    public async Task A_miss_saves_at_the_end_of_the_job_and_the_next_run_hits_and_restores_the_files()
    {
        using var cache = new TempCache();

        var first = await RunAsync("deps-v1");
        var second = await RunAsync("deps-v1", made: false);

        Assert.Contains("hit=[] matched=[] primary=[deps-v1]", first);
        Assert.Contains("hit=[true] matched=[deps-v1] primary=[deps-v1]", second);
        Assert.Contains("made for deps-v1", second);
        Assert.Equal(["deps-v1"], cache.Keys());
    }

    [Fact]
    public async Task A_restore_key_prefix_restores_the_newest_match_without_a_hit_and_the_new_key_is_saved()
    {
        using var cache = new TempCache();
        await RunAsync("deps-old");
        await RunAsync("deps-older-but-newer");

        var lines = await RunAsync("deps-new", restoreKeys: "deps-");

        Assert.Contains("hit=[false] matched=[deps-older-but-newer] primary=[deps-new]", lines);
        Assert.Equal(["made for deps-older-but-newer", "made for deps-new"], lines.Where(l => l.StartsWith("made for", StringComparison.Ordinal)));
        Assert.Equal(["deps-new", "deps-old", "deps-older-but-newer"], cache.Keys());
    }

    [Fact]
    public async Task Lookup_only_reports_the_hit_without_restoring_the_files()
    {
        using var cache = new TempCache();
        await RunAsync("deps-v1");

        using var run = new WorkflowRun(Workflow("deps-v1", "", lookupOnly: true).Replace("cat deps/lib.txt", "test -e deps/lib.txt || echo not restored", StringComparison.Ordinal));
        var result = await run.RunWithPostStepsAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains("hit=[true] matched=[deps-v1] primary=[deps-v1]", run.Observer.LinesOf("j"));
        Assert.Contains("not restored", run.Observer.LinesOf("j"));
    }

    [Fact]
    public async Task Nothing_is_saved_when_the_job_fails_after_the_cache_step()
    {
        using var cache = new TempCache();
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/cache@v4
                    with: { path: deps, key: deps-v1 }
                  - run: mkdir deps && echo x > deps/lib.txt && exit 3
            """);

        var result = await run.RunWithPostStepsAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Empty(cache.Keys());
        Assert.Empty(Directory.EnumerateFiles(cache.Path, "*.tar.gz"));
    }

    [Fact]
    public async Task Fail_on_cache_miss_fails_the_step_naming_the_keys()
    {
        using var cache = new TempCache();
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - uses: actions/cache/restore@v4
                    with: { path: deps, key: deps-v1, restore-keys: deps-, fail-on-cache-miss: true }
            """);

        var result = await run.RunWithPostStepsAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(ActionRuns.ErrorsOf(run, "j"), m => m.Contains("Cache not found for input keys: deps-v1, deps-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explicit_save_and_restore_pass_files_between_jobs_and_to_paths_outside_the_workspace()
    {
        using var cache = new TempCache();
        using var run = new WorkflowRun("""
            on: push
            jobs:
              save:
                runs-on: x
                steps:
                  - run: mkdir -p deps ../outside && echo inside > deps/in.txt && echo outside > ../outside/out.txt
                  - uses: actions/cache/save@v4
                    with:
                      key: both
                      path: |
                        deps
                        ../outside
              restore:
                needs: save
                runs-on: x
                steps:
                  - id: r
                    uses: actions/cache/restore@v4
                    with:
                      key: both
                      path: |
                        deps
                        ../outside
                  - run: echo "hit ${{ steps.r.outputs.cache-hit }}" && cat deps/in.txt
            """);

        var result = await run.RunWithPostStepsAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Equal(["hit true", "inside"], run.Observer.LinesOf("restore").TakeLast(2));
        Assert.Equal(["both"], cache.Keys());
    }

    [Fact]
    public async Task Over_the_size_limit_the_least_recently_used_entry_is_evicted_first()
    {
        // Each entry holds 20 kB of random bytes, so two fit under the limit and a third does not.
        using var cache = new TempCache(maxBytes: 50_000);
        await RunAsync("a", blob: true);
        await RunAsync("b", blob: true);
        var touched = await RunAsync("a", blob: true, made: false);
        await RunAsync("c", blob: true);

        Assert.Contains("hit=[true] matched=[a] primary=[a]", touched);
        Assert.Equal(["a", "c"], cache.Keys());
    }

    private static async Task<List<string>> RunAsync(string key, string restoreKeys = "", bool made = true, bool blob = false)
    {
        var workflow = Workflow(key, restoreKeys, lookupOnly: false);
        if (blob)
        {
            workflow = workflow.Replace(">> deps/lib.txt", ">> deps/lib.txt && head -c 20000 /dev/urandom > deps/blob", StringComparison.Ordinal);
        }

        using var run = new WorkflowRun(workflow);
        var result = await run.RunWithPostStepsAsync();
        Assert.Equal(Conclusion.Success, result.Conclusion);
        var lines = run.Observer.LinesOf("j").ToList();
        Assert.Equal(made, run.Observer.Events.Count(e => e.StartsWith("step-end j ", StringComparison.Ordinal) && e.EndsWith(" success", StringComparison.Ordinal)) == 3);
        return lines;
    }

    private static string Workflow(string key, string restoreKeys, bool lookupOnly) =>
        CacheThenBuild
            .Replace("KEY", key, StringComparison.Ordinal)
            .Replace("RESTORE", restoreKeys.Length == 0 ? "''" : restoreKeys, StringComparison.Ordinal)
            .Replace("LOOKUP", lookupOnly ? "true" : "false", StringComparison.Ordinal);
}
