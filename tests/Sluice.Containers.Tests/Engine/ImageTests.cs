namespace Sluice.Containers.Tests;

public sealed class ImageTests : EngineTest
{
    [Fact]
    public async Task The_test_image_exists_and_a_made_up_one_does_not()
    {
        Assert.True(await Engine.ImageExistsAsync(TestEngine.Image, Token).Timed());
        Assert.False(await Engine.ImageExistsAsync("localhost/sluice-test/not-here:1", Token).Timed());
    }

    [Fact]
    public async Task Pulling_from_a_registry_that_cannot_be_reached_fails_at_once_with_the_engine_s_reason()
    {
        List<string> progress = [];

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => Engine.PullAsync("registry.invalid/sluice/none:1", progress.Add, Token)).Timed();

        Assert.StartsWith("pulling image registry.invalid/sluice/none:1 failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("registry.invalid", error.EngineMessage, StringComparison.Ordinal);
        Assert.Contains("cannot be reached from this machine", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":"Pulling from library/postgres","id":"16"}""", "16: Pulling from library/postgres", null)]
    [InlineData("""{"status":"Downloading","progressDetail":{"current":1,"total":2},"progress":"[=>   ] 1B/2B","id":"a1b2"}""", "a1b2: Downloading [=>   ] 1B/2B", null)]
    [InlineData("""{"status":"Digest: sha256:abc"}""", "Digest: sha256:abc", null)]
    [InlineData("""{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}""", null, "manifest unknown")]
    [InlineData("""{"error":"denied"}""", null, "denied")]
    [InlineData("""{"progressDetail":{}}""", null, null)]
    [InlineData("Trying to pull docker.io/library/postgres:16...", "Trying to pull docker.io/library/postgres:16...", null)]
    public void A_pull_stream_line_is_progress_or_the_engine_s_error(string line, string? progress, string? error)
    {
        Assert.Equal((progress, error), ContainerEngine.InterpretPullLine(line));
    }

    [Theory]
    [InlineData("postgres", "postgres", "latest")]
    [InlineData("postgres:16", "postgres", "16")]
    [InlineData("localhost:5000/team/app", "localhost:5000/team/app", "latest")]
    [InlineData("localhost:5000/team/app:2.1", "localhost:5000/team/app", "2.1")]
    [InlineData("ghcr.io/o/i@sha256:abc", "ghcr.io/o/i", "sha256:abc")]
    public void An_image_reference_splits_into_name_and_tag_for_the_pull(string image, string name, string tag)
    {
        Assert.Equal((name, tag), ContainerEngine.SplitReference(image));
    }
}
