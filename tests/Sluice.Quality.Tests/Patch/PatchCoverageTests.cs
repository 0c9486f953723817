using Sluice.Quality.Patch;
using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Quality.Tests.Patch;

public sealed class PatchCoverageTests
{
    private const string Diff = """
        diff --git a/src/Shop/Cart.cs b/src/Shop/Cart.cs
        index 1111111..2222222 100644
        --- a/src/Shop/Cart.cs
        +++ b/src/Shop/Cart.cs
        @@ -10,0 +11,3 @@ public sealed class Cart
        +    public int Count => _items.Count;
        +    public bool IsEmpty => Count == 0;
        +    // a comment is not coverable
        @@ -40 +43 @@ public sealed class Cart
        -        return 0;
        +        return total;
        diff --git a/docs/readme.md b/docs/readme.md
        new file mode 100644
        --- /dev/null
        +++ b/docs/readme.md
        @@ -0,0 +1,2 @@
        +# Shop
        +text
        diff --git a/old.cs b/old.cs
        deleted file mode 100644
        --- a/old.cs
        +++ /dev/null
        @@ -1 +0,0 @@
        -gone
        """;

    [Fact]
    public void Added_lines_are_read_from_a_zero_context_diff()
    {
        var added = DiffParser.AddedLines(new StringReader(Diff));

        Assert.Equal([11, 12, 13, 43], added["src/Shop/Cart.cs"]);
        Assert.Equal([1, 2], added["docs/readme.md"]);
        Assert.False(added.ContainsKey("old.cs"));
    }

    [Fact]
    public void Patch_coverage_counts_only_coverable_added_lines_and_partial_lines_as_missed()
    {
        var file = new CoverageFile("/home/runner/work/shop/shop/src/Shop/Cart.cs");
        file.Add(11, new LineCoverage(3));
        file.Add(12, new LineCoverage(0));
        file.Add(43, new LineCoverage(5, BranchesCovered: 1, BranchesTotal: 2));
        file.Add(99, new LineCoverage(0));

        var patch = PatchCoverage.Compute(DiffParser.AddedLines(new StringReader(Diff)), [SourceCoverage.From(file.Path, file)]);

        Assert.Equal(3, patch.CoverableLines);
        Assert.Equal(1, patch.CoveredLines);
        Assert.Equal(100.0 / 3, patch.Percent!.Value, 6);
        Assert.Equal([12, 43], patch.Files.Single().MissedLines);
        Assert.Equal([11], patch.Files.Single().CoveredLineNumbers);
    }

    [Theory]
    [InlineData("/home/runner/work/shop/shop/src/Shop/Cart.cs", "src/Shop/Cart.cs")]
    [InlineData("/_/src/Shop/Cart.cs", "src/Shop/Cart.cs")]
    [InlineData(@"C:\agent\_work\1\s\src\Shop\Cart.cs", "src/Shop/Cart.cs")]
    [InlineData("Shop/Cart.cs", "src/Shop/Cart.cs")]
    [InlineData("/repo/src/Shop/Cart.cs", "src/Shop/Cart.cs")]
    public void Report_paths_from_other_roots_match_the_repository_path(string reportPath, string repositoryPath)
    {
        var matcher = new CoveragePathMatcher([reportPath, "/elsewhere/src/Other/Cart.cs", "/x/Catalog.cs"], "/repo");
        Assert.Equal(reportPath, matcher.Match(repositoryPath));
    }

    [Fact]
    public void Two_report_files_that_match_equally_are_not_guessed_between()
    {
        var matcher = new CoveragePathMatcher(["/a/src/Util.cs", "/b/lib/Util.cs"]);
        Assert.Null(matcher.Match("Util.cs"));
        Assert.Equal("/a/src/Util.cs", matcher.Match("src/Util.cs"));
    }
}
