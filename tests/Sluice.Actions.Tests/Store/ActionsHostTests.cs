namespace Sluice.Actions.Tests.Store;

/// <summary>The actions host is read as users write it, and refused with a clear message when it cannot work.</summary>
public sealed class ActionsHostTests
{
    [Theory]
    [InlineData("https://github.com", "https://github.com/")]
    [InlineData("https://ghe.example.com/", "https://ghe.example.com/")]
    [InlineData(" http://127.0.0.1:3000/mirror ", "http://127.0.0.1:3000/mirror/")]
    [InlineData("file:///srv/actions", "file:///srv/actions/")]
    [InlineData("/srv/actions", "file:///srv/actions/")]
    public void A_host_url_is_kept_with_a_trailing_slash(string written, string expected) =>
        Assert.Equal(expected, ActionsHost.Parse(written).BaseUrl.AbsoluteUri);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("github.com", "is not a URL")]
    [InlineData("ssh://git@github.com", "'ssh' is not supported")]
    [InlineData("ftp://example.com", "'ftp' is not supported")]
    [InlineData("https://example.com/?x=1", "no query")]
    [InlineData("relative/path", "is not a URL")]
    public void A_host_that_cannot_work_is_refused_saying_why(string written, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ActionsHost.Parse(written));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Credentials_in_the_url_are_refused_and_not_repeated()
    {
        var error = Assert.Throws<ArgumentException>(() => ActionsHost.Parse("https://me:hunter2secret@git.example.com"));

        Assert.Contains("credentials do not belong in the URL", error.Message);
        Assert.DoesNotContain("hunter2secret", error.Message);
    }

    [Fact]
    public void GitHub_is_the_default_host() =>
        Assert.Equal(ActionsHost.GitHub, new ActionStoreOptions { CacheDirectory = "/tmp/x" }.Host);
}
