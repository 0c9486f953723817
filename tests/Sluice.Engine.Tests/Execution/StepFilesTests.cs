using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Steps;

namespace Sluice.Engine.Tests.Execution;

public sealed class StepFilesTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Each_step_gets_five_new_empty_files_of_its_own_in_the_folder()
    {
        var first = StepFiles.Create(_scratch.Path, "build");
        File.WriteAllText(first.Output, "left=over\n");
        var second = StepFiles.Create(_scratch.Path, "build");

        string[] paths = [second.Output, second.Env, second.Path, second.Summary, second.State];
        Assert.All(paths, path => Assert.Equal(0, new FileInfo(path).Length));
        Assert.All(paths, path => Assert.Equal(_scratch.Path, Path.GetDirectoryName(path)));
        Assert.Equal(5, paths.Distinct().Count());
        Assert.DoesNotContain(first.Output, paths);
    }

    [Fact]
    public void A_missing_folder_is_created()
    {
        var folder = Path.Combine(_scratch.Path, "job", "scratch");

        var files = StepFiles.Create(folder, "test");

        Assert.True(File.Exists(files.Summary));
    }
}
