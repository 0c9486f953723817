using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Actions.Policy;

namespace Sluice.Engine.Tests.Policy;

/// <summary>Entries of the allow and deny lists, in the syntax of GitHub's "Allow specified actions and reusable workflows".</summary>
public sealed class ActionPatternTests
{
    [Theory]
    [InlineData("actions/*", "actions/checkout@v4", true)]
    [InlineData("actions/*", "actions/cache/restore@v4", true)]
    [InlineData("actions/*", "actionsx/checkout@v4", false)]
    [InlineData("space-org*/*", "space-org-2/repo@main", true)]
    [InlineData("space-org*/*", "other/space-org@main", false)]
    [InlineData("*/octocat*@*", "anyone/octocat-tools@v1", true)]
    [InlineData("*/octocat*@*", "anyone/tools@v1", false)]
    [InlineData("acme", "acme/anything/at/all@v9", true)]
    [InlineData("acme", "acmeish/x@v1", false)]
    [InlineData("acme/tools", "acme/tools@v1", true)]
    [InlineData("acme/tools", "acme/tools/lint@v1", true)]
    [InlineData("acme/tools", "acme/tools-extra@v1", false)]
    [InlineData("ACME/Tools", "acme/tools@v1", true)]
    [InlineData("acme/deploy@v2", "acme/deploy@v2", true)]
    [InlineData("acme/deploy@v2", "acme/deploy@v2.1", false)]
    [InlineData("acme/deploy@V2", "acme/deploy@v2", false)]
    [InlineData("acme/deploy@v2*", "acme/deploy@v2.1", true)]
    [InlineData("acme/shared/.github/workflows/release.yml@main", "acme/shared/.github/workflows/release.yml@main", true)]
    [InlineData("acme/shared/.github/workflows/*@*", "acme/shared/.github/workflows/release.yml@main", true)]
    [InlineData("*", "anyone/anything@v1", true)]
    public void A_pattern_matches_owner_repository_path_and_ref_as_GitHubs_allow_list_does(string pattern, string uses, bool matches)
    {
        var parsed = ActionPattern.Parse(pattern, out var problem);
        var reference = ActionReference.Parse(uses, out _)!;

        Assert.Null(problem);
        Assert.Equal(matches, parsed!.Matches(reference));
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme/ tools")]
    [InlineData("/acme")]
    [InlineData("acme//tools")]
    [InlineData("acme/tools@")]
    [InlineData("acme@v1@v2")]
    public void A_malformed_pattern_says_what_to_write(string pattern)
    {
        Assert.Null(ActionPattern.Parse(pattern, out var problem));
        Assert.Contains("write owner, owner/repo or owner/repo[/path]@ref", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_stars_against_a_long_name_take_no_exponential_time()
    {
        var pattern = ActionPattern.Parse(string.Concat(Enumerable.Repeat("a*", 30)) + "b", out _)!;
        var reference = ActionReference.Parse(new string('a', 90) + "/" + new string('a', 90) + "@v1", out _)!;

        Assert.False(pattern.Matches(reference));
    }
}
