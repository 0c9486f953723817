using Sluice.Security.Paths;

namespace Sluice.Security.Tests.Paths;

public sealed class ArtifactNamesTests
{
    [Theory]
    [InlineData("my-artifact")]
    [InlineData("test results (linux, 3.12)")]
    [InlineData("coverage.cobertura")]
    [InlineData("ünïcødé 🔑")]
    [InlineData("..hidden")]
    public void Names_GitHub_accepts_are_accepted(string name)
    {
        Assert.Null(ArtifactNames.NameProblem(name));
    }

    [Theory]
    [InlineData("my\\artifact")]
    [InlineData("my/artifact")]
    [InlineData("my\"artifact")]
    [InlineData("my:artifact")]
    [InlineData("my<artifact")]
    [InlineData("my>artifact")]
    [InlineData("my|artifact")]
    [InlineData("my*artifact")]
    [InlineData("my?artifact")]
    [InlineData("my\rartifact")]
    [InlineData("my\nartifact")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../escaped")]
    public void Names_GitHub_refuses_are_refused_with_the_characters_it_refuses(string name)
    {
        Assert.Contains("names may not be '.' or '..' nor contain any of \" : < > | * ? \\ / or a line break", ArtifactNames.NameProblem(name), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_name_is_refused(string name)
    {
        Assert.Equal("The artifact name is empty.", ArtifactNames.NameProblem(name));
    }

    [Theory]
    [InlineData("nul\0byte", "U+0000 at position 4")]
    [InlineData("tab\there", "U+0009 at position 4")]
    [InlineData("del\u007f", "U+007F at position 4")]
    public void A_name_with_a_control_character_is_refused_and_quoted_harmlessly(string name, string expected)
    {
        var problem = ArtifactNames.NameProblem(name);

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(problem!, c => char.IsControl(c));
    }

    [Fact]
    public void A_name_longer_than_a_file_name_may_be_is_refused()
    {
        Assert.Null(ArtifactNames.NameProblem(new string('a', 255)));
        Assert.Contains("is too long: 256 bytes, and the limit is 255", ArtifactNames.NameProblem(new string('a', 256)), StringComparison.Ordinal);
        Assert.Contains("is too long: 256 bytes", ArtifactNames.NameProblem(new string('é', 128)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_name_is_quoted_with_reversing_and_invisible_characters_escaped()
    {
        Assert.Equal(
            "The artifact name 'evil\\u202e\\u200b:txt.exe' is not valid: names may not be '.' or '..' nor contain any of \" : < > | * ? \\ / or a line break.",
            ArtifactNames.NameProblem("evil\u202e\u200b:txt.exe"));
    }

    [Fact]
    public void A_huge_name_is_cut_short_in_the_message()
    {
        var problem = ArtifactNames.NameProblem(new string('a', 1_000_000))!;

        Assert.True(problem.Length < 300, problem);
    }

    [Theory]
    [InlineData("report.xml")]
    [InlineData("sub/dir/report.xml")]
    [InlineData("with space/and-dash_underscore.txt")]
    public void File_paths_GitHub_accepts_are_accepted(string path)
    {
        Assert.Null(ArtifactNames.FilePathProblem(path));
    }

    [Theory]
    [InlineData("a\"b.txt")]
    [InlineData("dir/a:b.txt")]
    [InlineData("a<b")]
    [InlineData("a>b")]
    [InlineData("a|b")]
    [InlineData("a*b")]
    [InlineData("a?b")]
    public void File_paths_with_characters_GitHub_refuses_are_refused(string path)
    {
        Assert.Contains("paths may not contain any of \" : < > | * ? or a line break", ArtifactNames.FilePathProblem(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("dir\\file.txt")]
    public void File_paths_that_could_leave_the_artifact_are_refused_by_the_safe_path_rules(string path)
    {
        Assert.Equal(SafePath.RelativePathProblem(path), ArtifactNames.FilePathProblem(path));
        Assert.NotNull(ArtifactNames.FilePathProblem(path));
    }
}
