using Sluice.Engine.Planning;

namespace Sluice.Engine.Tests.Planning;

/// <summary>The examples of GitHub's "Filter pattern cheat sheet", plus the characters it describes.</summary>
public class FilterPatternTests
{
    [Theory]
    [InlineData("feature/*", "feature/my-branch")]
    [InlineData("feature/*", "feature/your-branch")]
    [InlineData("feature/**", "feature/beta-a/my-branch")]
    [InlineData("feature/**", "feature/your-branch")]
    [InlineData("feature/**", "feature/mona/the/octocat")]
    [InlineData("main", "main")]
    [InlineData("releases/mona-the-octocat", "releases/mona-the-octocat")]
    [InlineData("*", "main")]
    [InlineData("*", "releases")]
    [InlineData("**", "all-the-branches")]
    [InlineData("**", "every/tag")]
    [InlineData("*feature", "mona-feature")]
    [InlineData("*feature", "feature")]
    [InlineData("*feature", "ver-10-feature")]
    [InlineData("v2*", "v2")]
    [InlineData("v2*", "v2.0")]
    [InlineData("v2*", "v2.9")]
    [InlineData("v[12].[0-9]+.[0-9]+", "v1.10.1")]
    [InlineData("v[12].[0-9]+.[0-9]+", "v2.0.0")]
    public void Branch_and_tag_patterns_match_the_cheat_sheet_examples(string pattern, string name) =>
        Assert.True(FilterPattern.IsMatch(pattern, name));

    [Theory]
    [InlineData("feature/*", "feature/beta-a/my-branch")]
    [InlineData("feature/*", "feature")]
    [InlineData("*", "releases/v1")]
    [InlineData("main", "main2")]
    [InlineData("main", "Main")]
    [InlineData("*feature", "feature-x")]
    [InlineData("v2*", "v3.0")]
    [InlineData("v[12].[0-9]+.[0-9]+", "v3.0.0")]
    [InlineData("v[12].[0-9]+.[0-9]+", "v1..1")]
    [InlineData("v[12].[0-9]+.[0-9]+", "v1.x.1")]
    [InlineData("v[12].[0-9]+.[0-9]+", "v12.0.0")]
    public void Branch_and_tag_patterns_reject_names_outside_them(string pattern, string name) =>
        Assert.False(FilterPattern.IsMatch(pattern, name));

    [Theory]
    [InlineData("*", "README.md")]
    [InlineData("*", "server.rb")]
    [InlineData("*.jsx?", "page.js")]
    [InlineData("*.jsx?", "page.jsx")]
    [InlineData("**", "any/deep/file.txt")]
    [InlineData("*.js", "app.js")]
    [InlineData("*.js", "index.js")]
    [InlineData("**.js", "index.js")]
    [InlineData("**.js", "js/index.js")]
    [InlineData("**.js", "src/js/app.js")]
    [InlineData("docs/*", "docs/README.md")]
    [InlineData("docs/*", "docs/file.txt")]
    [InlineData("docs/**", "docs/README.md")]
    [InlineData("docs/**", "docs/mona/octocat.txt")]
    [InlineData("docs/**/*.md", "docs/README.md")]
    [InlineData("docs/**/*.md", "docs/mona/hello-world.md")]
    [InlineData("docs/**/*.md", "docs/a/markdown/file.md")]
    [InlineData("**/docs/**", "docs/hello.md")]
    [InlineData("**/docs/**", "dir/docs/my-file.txt")]
    [InlineData("**/docs/**", "space/docs/plan/space.doc")]
    [InlineData("**/README.md", "README.md")]
    [InlineData("**/README.md", "js/README.md")]
    [InlineData("**/*src/**", "a/src/app.js")]
    [InlineData("**/*src/**", "my-src/code/js/app.js")]
    [InlineData("**/*-post.md", "my-post.md")]
    [InlineData("**/*-post.md", "path/their-post.md")]
    [InlineData("**/migrate-*.sql", "migrate-10909.sql")]
    [InlineData("**/migrate-*.sql", "db/migrate-v1.0.sql")]
    [InlineData("**/migrate-*.sql", "db/sept/migrate-v1.sql")]
    [InlineData("*.md", "hello.md")]
    public void Path_patterns_match_the_cheat_sheet_examples(string pattern, string path) =>
        Assert.True(FilterPattern.IsMatch(pattern, path));

    [Theory]
    [InlineData("*", "docs/README.md")]
    [InlineData("*.jsx?", "page.jsxx")]
    [InlineData("*.js", "js/index.js")]
    [InlineData("**.js", "index.jsx")]
    [InlineData("docs/*", "docs/mona/octocat.txt")]
    [InlineData("docs/**", "documents/a.md")]
    [InlineData("docs/**/*.md", "docs/a/file.txt")]
    [InlineData("**/docs/**", "mydocs/a.md")]
    [InlineData("**/README.md", "js/NOT-README.md")]
    [InlineData("*.md", "docs/hello.md")]
    public void Path_patterns_reject_paths_outside_them(string pattern, string path) =>
        Assert.False(FilterPattern.IsMatch(pattern, path));

    [Theory]
    [InlineData("Octo*", "Octocat", true)]
    [InlineData("[CB]at", "Cat", true)]
    [InlineData("[CB]at", "Bat", true)]
    [InlineData("[CB]at", "Hat", false)]
    [InlineData("[1-2]00", "100", true)]
    [InlineData("[1-2]00", "200", true)]
    [InlineData("[1-2]00", "300", false)]
    [InlineData("[0-9a-z]", "q", true)]
    [InlineData("[0-9a-z]", "Q", false)]
    [InlineData("colou?r", "color", true)]
    [InlineData("colou?r", "colour", true)]
    [InlineData("colou?r", "colouur", false)]
    [InlineData("a+b", "aaab", true)]
    [InlineData("a+b", "b", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("a(b)", "a(b)", true)]
    [InlineData("re!lease", "re!lease", true)]
    [InlineData("[unclosed", "[unclosed", true)]
    public void Special_characters_mean_what_the_cheat_sheet_says_and_everything_else_is_literal(string pattern, string value, bool expected) =>
        Assert.Equal(expected, FilterPattern.IsMatch(pattern, value));

    [Theory]
    [InlineData("releases/10", true)]
    [InlineData("releases/beta/mona", true)]
    [InlineData("releases/10-alpha", false)]
    [InlineData("releases/beta/3-alpha", false)]
    [InlineData("main", false)]
    public void A_negated_pattern_takes_out_what_an_earlier_pattern_let_in(string branch, bool expected) =>
        Assert.Equal(expected, FilterPattern.Matches(["releases/**", "!releases/**-alpha"], branch));

    [Theory]
    [InlineData("hello.md", true)]
    [InlineData("README.md", true)]
    [InlineData("README.doc", true)]
    [InlineData("docs/hello.md", false)]
    public void A_later_positive_pattern_lets_a_negated_value_in_again(string path, bool expected) =>
        Assert.Equal(expected, FilterPattern.Matches(["*.md", "!README.md", "README*"], path));

    [Fact]
    public void Without_the_later_positive_pattern_the_negated_value_stays_out()
    {
        Assert.True(FilterPattern.Matches(["*.md", "!README.md"], "hello.md"));
        Assert.False(FilterPattern.Matches(["*.md", "!README.md"], "README.md"));
    }

    [Fact]
    public void A_negation_before_any_positive_pattern_excludes_nothing_it_could_include()
    {
        Assert.True(FilterPattern.Matches(["!docs/**", "**"], "docs/a.md"));
        Assert.False(FilterPattern.Matches(["!docs/**"], "src/a.cs"));
        Assert.False(FilterPattern.Matches([], "anything"));
    }
}
