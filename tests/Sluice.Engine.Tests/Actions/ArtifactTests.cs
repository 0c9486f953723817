using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Execution;

namespace Sluice.Engine.Tests.Actions;

/// <summary>upload-artifact and download-artifact in real workflows: files passed between the jobs of one run.</summary>
public sealed class ArtifactTests
{
    [Fact]
    public async Task An_artifact_uploaded_by_one_job_is_downloaded_by_the_job_that_needs_it()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              build:
                runs-on: x
                outputs: { id: "${{ steps.up.outputs.artifact-id }}" }
                steps:
                  - run: mkdir -p out/sub && echo "built by build" > out/sub/file.txt
                  - id: up
                    uses: actions/upload-artifact@v4
                    with: { name: site, path: out }
              use:
                needs: build
                runs-on: x
                steps:
                  - id: down
                    uses: actions/download-artifact@v4
                    with: { name: site, path: got }
                  - run: |
                      cat got/sub/file.txt
                      echo "id ${{ needs.build.outputs.id }} at ${{ steps.down.outputs.download-path }}"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        Assert.Contains("built by build", run.Observer.LinesOf("use"));
        var workspace = Path.Combine(ActionRuns.RunDirectory(run), "work", "use");
        Assert.Contains($"id 1 at {Path.Combine(workspace, "got")}", run.Observer.LinesOf("use"));
    }

    [Fact]
    public async Task Globs_and_exclusions_choose_the_files_and_the_common_root_is_stripped()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: |
                      mkdir -p dist/nested dist/.git
                      touch dist/a.txt dist/b.log dist/nested/c.txt dist/nested/d.txt dist/.env dist/.git/config
                  - uses: actions/upload-artifact@v4
                    with:
                      name: texts
                      path: |
                        dist/**/*.txt
                        !dist/nested/d.txt
                  - uses: actions/upload-artifact@v4
                    with:
                      name: two-paths
                      path: |
                        dist/a.txt
                        dist/nested/c.txt
                  - uses: actions/upload-artifact@v4
                    with: { name: visible, path: dist/ }
                  - uses: actions/upload-artifact@v4
                    with: { name: everything, path: dist, include-hidden-files: true }
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var artifacts = Path.Combine(ActionRuns.RunDirectory(run), "artifacts");
        Assert.Equal(["a.txt", "nested/c.txt"], ActionRuns.FilesBelow(Path.Combine(artifacts, "texts")));
        Assert.Equal(["a.txt", "nested/c.txt"], ActionRuns.FilesBelow(Path.Combine(artifacts, "two-paths")));
        Assert.Equal(["a.txt", "b.log", "nested/c.txt", "nested/d.txt"], ActionRuns.FilesBelow(Path.Combine(artifacts, "visible")));
        Assert.Equal([".env", ".git/config", "a.txt", "b.log", "nested/c.txt", "nested/d.txt"], ActionRuns.FilesBelow(Path.Combine(artifacts, "everything")));
    }

    [Fact]
    public async Task No_matching_files_warns_by_default_and_fails_with_if_no_files_found_error()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              lenient:
                runs-on: x
                steps:
                  - uses: actions/upload-artifact@v4
                    with: { name: nothing, path: missing/** }
              strict:
                runs-on: x
                steps:
                  - uses: actions/upload-artifact@v4
                    with: { name: nothing, path: missing/**, if-no-files-found: error }
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Jobs.Single(j => j.JobId == "lenient").Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Job == "lenient" && a.Level == "warning" && a.Message.Contains("No files were found", StringComparison.Ordinal));
        Assert.Equal(Conclusion.Failure, result.Jobs.Single(j => j.JobId == "strict").Conclusion);
        Assert.Contains(ActionRuns.ErrorsOf(run, "strict"), m => m.Contains("No files were found with the provided path: missing/**", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_upload_under_the_same_name_is_refused_unless_overwrite_is_true()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              refused:
                runs-on: x
                steps:
                  - run: echo one > f.txt
                  - uses: actions/upload-artifact@v4
                    with: { name: same, path: f.txt }
                  - run: echo two > f.txt
                  - uses: actions/upload-artifact@v4
                    with: { name: same, path: f.txt }
              replaced:
                needs: refused
                if: always()
                runs-on: x
                steps:
                  - run: echo three > f.txt
                  - uses: actions/upload-artifact@v4
                    with: { name: same, path: f.txt, overwrite: true }
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Jobs.Single(j => j.JobId == "refused").Conclusion);
        Assert.Contains(ActionRuns.ErrorsOf(run, "refused"), m => m.Contains("An artifact named 'same' already exists", StringComparison.Ordinal));
        Assert.Equal(Conclusion.Success, result.Jobs.Single(j => j.JobId == "replaced").Conclusion);
        Assert.Equal("three\n", File.ReadAllText(Path.Combine(ActionRuns.RunDirectory(run), "artifacts", "same", "f.txt")));
    }

    [Fact]
    public async Task Downloading_a_missing_name_fails_and_lists_the_artifacts_that_exist()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              up:
                runs-on: x
                steps:
                  - run: echo x > f.txt
                  - uses: actions/upload-artifact@v4
                    with: { name: present, path: f.txt }
              down:
                needs: up
                runs-on: x
                steps:
                  - uses: actions/download-artifact@v4
                    with: { name: absent }
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(ActionRuns.ErrorsOf(run, "down"), m => m.Contains("Artifact not found: 'absent'", StringComparison.Ordinal) && m.Contains("present", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_name_every_matching_artifact_is_downloaded_into_its_own_folder_or_merged()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              up:
                runs-on: x
                steps:
                  - run: echo a > a.txt && echo b > b.txt
                  - uses: actions/upload-artifact@v4
                    with: { name: report-a, path: a.txt }
                  - uses: actions/upload-artifact@v4
                    with: { name: report-b, path: b.txt }
                  - uses: actions/upload-artifact@v4
                    with: { name: other, path: a.txt }
              down:
                needs: up
                runs-on: x
                steps:
                  - uses: actions/download-artifact@v4
                    with: { path: each, pattern: report-* }
                  - uses: actions/download-artifact@v4
                    with: { path: merged, pattern: report-*, merge-multiple: true }
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var workspace = Path.Combine(ActionRuns.RunDirectory(run), "work", "down");
        Assert.Equal(["report-a/a.txt", "report-b/b.txt"], ActionRuns.FilesBelow(Path.Combine(workspace, "each")));
        Assert.Equal(["a.txt", "b.txt"], ActionRuns.FilesBelow(Path.Combine(workspace, "merged")));
    }

    [Fact]
    public async Task An_artifact_name_that_climbs_out_of_the_artifact_folder_is_refused()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                steps:
                  - run: echo x > f.txt
                  - uses: actions/upload-artifact@v4
                    with: { name: ../escaped, path: f.txt }
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(ActionRuns.ErrorsOf(run, "j"), m => m.Contains("The artifact name '../escaped' is not valid", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(ActionRuns.RunDirectory(run), "escaped")));
    }
}
