using Sluice.Quality.Reports;

namespace Sluice.Quality.Tests.Summary;

public sealed class CoverageFileTests
{
    [Fact]
    public void A_line_listed_twice_adds_hits_and_keeps_the_larger_branch_counts()
    {
        var file = new CoverageFile("src/Cart.cs");
        file.Add(3, new LineCoverage(2, 1, 2));
        file.Add(3, new LineCoverage(5, 2, 2));

        Assert.Equal(new LineCoverage(7, 2, 2), file.Lines[3]);
    }

    [Fact]
    public void Huge_hit_counts_saturate_instead_of_wrapping_negative()
    {
        var file = new CoverageFile("src/Cart.cs");
        file.Add(1, new LineCoverage(long.MaxValue - 1));
        file.Add(1, new LineCoverage(10));

        Assert.Equal(long.MaxValue, file.Lines[1].Hits);
    }
}
