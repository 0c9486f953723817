using Sluice.Engine.Execution.Actions;

namespace Sluice.Engine.Tests.JavaScriptActions;

public sealed class ActionReferenceTests
{
    [Theory]
    [InlineData("acme/greet@v1", "acme", "greet", "", "v1")]
    [InlineData("acme/tools/lint/strict@v2.1", "acme", "tools", "lint/strict", "v2.1")]
    [InlineData("my-org/my.repo@releases/v1", "my-org", "my.repo", "", "releases/v1")]
    public void A_repository_reference_is_taken_apart_into_owner_repository_path_and_ref(string uses, string owner, string repository, string path, string gitRef)
    {
        var reference = ActionReference.Parse(uses, out var problem);

        Assert.Null(problem);
        Assert.Equal(new ActionReference(ActionSource.Repository, uses, owner, repository, path, gitRef), reference);
    }

    [Fact]
    public void A_ref_with_slashes_is_nested_folders_of_the_cache()
    {
        var cache = new ActionCache("/cache");

        var folder = cache.RepositoryFolder(ActionReference.Parse("acme/tools/lint@releases/v1", out _)!);

        Assert.Equal(Path.Combine("/cache", "acme", "tools", "releases", "v1"), folder);
    }

    [Theory]
    [InlineData("acme/greet")]
    [InlineData("acme@v1")]
    [InlineData("acme/gr eet@v1")]
    [InlineData("acme/greet@v1\\..\\x")]
    public void Malformed_references_say_what_is_wrong(string uses)
    {
        Assert.Null(ActionReference.Parse(uses, out var problem));
        Assert.Contains($"'uses: {uses}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_repository_reference_is_named_as_not_run_yet_with_the_local_form_to_use_instead()
    {
        Assert.Null(ActionReference.Parse("$/.github/actions/helper", out var problem));
        Assert.Contains("does not run yet", problem, StringComparison.Ordinal);
        Assert.Contains("'./.github/actions/helper'", problem, StringComparison.Ordinal);
    }
}
