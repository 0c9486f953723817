using Sluice.Protocol;

namespace Sluice.Server.Api.Tests.Failover;

/// <summary>The server URL list of <c>--server URL1,URL2</c> and SLUICE_SERVER: what it accepts, and the errors that say what to fix.</summary>
public sealed class ServerUrlsTests
{
    [Fact]
    public void A_list_keeps_its_order_and_each_url_gets_a_trailing_slash()
    {
        var urls = ServerUrls.Parse(" http://10.0.0.1:8990 , https://sluice.example/ci/,http://127.0.0.1:8991/");

        Assert.Equal(["http://10.0.0.1:8990/", "https://sluice.example/ci/", "http://127.0.0.1:8991/"], urls.All.Select(u => u.ToString()));
        Assert.Equal("http://10.0.0.1:8990,https://sluice.example/ci,http://127.0.0.1:8991", urls.ToString());
        Assert.Equal(urls.ToString(), ServerUrls.Parse(urls.ToString()).ToString());
    }

    [Theory]
    [InlineData("", "no server URL was given")]
    [InlineData(" , ", "no server URL was given")]
    [InlineData("http://a:1,,http://b:2", "server URL 2 of 3 in 'http://a:1,,http://b:2' is empty")]
    [InlineData("http://a:1,", "server URL 2 of 2 in 'http://a:1,' is empty")]
    [InlineData("ftp://a:1", "'ftp://a:1' uses 'ftp:', not http: or https:")]
    [InlineData("http://a:1,file:///srv/sluice", "server URL 2 of 2 ('file:///srv/sluice') uses 'file:'")]
    [InlineData("localhost:8990", "'localhost:8990' is not a server URL: write it as http://HOST:PORT")]
    [InlineData("http://", "'http://' is not a server URL")]
    [InlineData("127.0.0.1:8990", "'127.0.0.1:8990' is not a server URL: write it as http://HOST:PORT")]
    [InlineData("http://a:1,just-a-name", "server URL 2 of 2 ('just-a-name') is not a server URL")]
    [InlineData("http://a:1?token=x", "has a query, a fragment or a user name")]
    [InlineData("http://admin:secret@a:1", "has a query, a fragment or a user name")]
    [InlineData("http://a:1,http://b:2,HTTP://A:1/", "server URL 3 of 3 ('HTTP://A:1/') is given twice (as http://a:1 before)")]
    [InlineData("http://a:80,http://a", "server URL 2 of 2 ('http://a') is given twice (as http://a before)")]
    public void A_bad_list_is_refused_naming_the_entry_to_fix(string text, string expected)
    {
        var error = Assert.Throws<ServerUrlsException>(() => ServerUrls.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_that_share_a_url_name_the_same_installation()
    {
        var saved = ServerUrls.Parse("http://a:1,http://b:2");

        Assert.True(saved.Overlaps(ServerUrls.Parse("http://c:3,http://B:2/")));
        Assert.False(saved.Overlaps(ServerUrls.Parse("http://c:3")));
    }

    [Fact]
    public void A_path_below_every_url_is_a_list_of_the_same_form()
    {
        var below = ServerUrls.Parse("http://a:1,https://b/ci").Below("api/v1/jobs/4/attempts/1/history");

        Assert.Equal("http://a:1/api/v1/jobs/4/attempts/1/history,https://b/ci/api/v1/jobs/4/attempts/1/history", below);
        Assert.Equal(2, ServerUrls.Parse(below).All.Count);
    }

    [Fact]
    public void A_bad_url_given_to_the_client_is_an_api_error_not_a_crash()
    {
        var error = Assert.Throws<ApiException>(() => new ApiClient("http://a:1,,http://b:2", null));

        Assert.Equal(0, error.Status);
        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
    }
}
