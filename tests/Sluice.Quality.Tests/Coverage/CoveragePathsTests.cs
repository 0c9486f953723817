using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

public sealed class CoveragePathsTests
{
    [Theory]
    [InlineData("/repo/src/Shop/Cart.cs", "/repo/src/Shop/Cart.cs")]
    [InlineData("/repo/src//Shop/./Cart.cs", "/repo/src/Shop/Cart.cs")]
    [InlineData("/repo/src/Other/../Shop/Cart.cs", "/repo/src/Shop/Cart.cs")]
    [InlineData("/../repo/Cart.cs", "/repo/Cart.cs")]
    [InlineData("./src/Cart.cs", "src/Cart.cs")]
    [InlineData("../shared/Cart.cs", "../shared/Cart.cs")]
    [InlineData("a/../../Cart.cs", "../Cart.cs")]
    [InlineData(@"c:\agent\_work\1\s\src\Cart.cs", "C:/agent/_work/1/s/src/Cart.cs")]
    [InlineData(@"\\server\share\src\Cart.cs", "//server/share/src/Cart.cs")]
    [InlineData("/repo/src/", "/repo/src")]
    [InlineData("https://raw.githubusercontent.com/o/r/sha/src//Cart.cs", "https://raw.githubusercontent.com/o/r/sha/src//Cart.cs")]
    [InlineData(".", ".")]
    public void Normalize_gives_one_spelling_of_a_path(string path, string expected) =>
        Assert.Equal(expected, CoveragePaths.Normalize(path));

    [Theory]
    [InlineData("/work/main/src/", "Sluice.Containers/Client/Engine.cs")]
    [InlineData("/work/main/src/Sluice.Containers/", "Client/Engine.cs")]
    [InlineData("/work/main/src/Sluice.Containers", "Client/Engine.cs")]
    [InlineData("/work/main/tests/../src/Sluice.Containers/", "./Client/Engine.cs")]
    public void One_file_written_relative_to_different_roots_resolves_to_one_path(string source, string fileName) =>
        Assert.Equal("/work/main/src/Sluice.Containers/Client/Engine.cs", CoveragePaths.Resolve(fileName, [source], NothingExists));

    [Fact]
    public void Windows_roots_resolve_with_forward_slashes_and_an_upper_case_drive() =>
        Assert.Equal("C:/a/src/Shop/Cart.cs", CoveragePaths.Resolve("Shop/Cart.cs", [@"c:\a\src\"], NothingExists));

    [Fact]
    public void With_one_source_the_disk_is_not_asked() =>
        Assert.Equal("/build/src/Cart.cs", CoveragePaths.Resolve("Cart.cs", ["/build/src"], _ => throw new InvalidOperationException("looked at the disk")));

    [Fact]
    public void With_several_sources_the_first_that_holds_the_file_wins()
    {
        using var temp = new TempFolder();
        var second = Directory.CreateDirectory(Path.Combine(temp.Path, "b", "pkg")).Parent!.FullName;
        Directory.CreateDirectory(Path.Combine(temp.Path, "a"));
        File.WriteAllText(Path.Combine(second, "pkg", "mod.py"), "x = 1\n");

        var resolved = CoveragePaths.Resolve("pkg/mod.py", [Path.Combine(temp.Path, "a"), second], File.Exists);

        Assert.Equal(CoveragePaths.Normalize(Path.Combine(second, "pkg", "mod.py")), resolved);
    }

    [Fact]
    public void With_no_sources_the_filename_is_only_normalized() =>
        Assert.Equal("src/Cart.cs", CoveragePaths.Resolve(@".\src\Cart.cs", [], NothingExists));

    private static bool NothingExists(string path) => false;

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sluice-paths-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
