using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>Names that could reach git as an option, a second argument or a path are refused before git runs.</summary>
public sealed class HostileInputTests : StoreTest
{
    [Theory]
    [InlineData("..", "greet", "v1")]
    [InlineData(".", "greet", "v1")]
    [InlineData("acme/evil", "greet", "v1")]
    [InlineData("ac me", "greet", "v1")]
    [InlineData("--upload-pack=touch /tmp/pwned", "greet", "v1")]
    [InlineData("-acme", "greet", "v1")]
    [InlineData(".refs", "greet", "v1")]
    [InlineData("acme", "..", "v1")]
    [InlineData("acme", "greet/../../x", "v1")]
    [InlineData("acme", "--config=core.sshCommand=x", "v1")]
    [InlineData("acme", "gr\neet", "v1")]
    [InlineData("acme", "", "v1")]
    [InlineData("acme", "greet", "--upload-pack=touch /tmp/pwned")]
    [InlineData("acme", "greet", "-v1")]
    [InlineData("acme", "greet", "v1 v2")]
    [InlineData("acme", "greet", "../../../etc")]
    [InlineData("acme", "greet", "refs/heads/../x")]
    [InlineData("acme", "greet", "a..b")]
    [InlineData("acme", "greet", "@{-1}")]
    [InlineData("acme", "greet", "v1\n")]
    [InlineData("acme", "greet", "v1:x")]
    [InlineData("acme", "greet", "/v1")]
    [InlineData("acme", "greet", ".hidden")]
    [InlineData("acme", "greet", "v1.lock")]
    [InlineData("acme", "greet", "v1/")]
    [InlineData("acme", "greet", "v1\\x")]
    [InlineData("acme", "greet", "")]
    public async Task A_hostile_name_is_refused_before_git_runs(string owner, string repository, string reference)
    {
        var store = Store();
        var started = new List<IReadOnlyList<string>>();
        store.Hooks.GitStarted = (_, arguments) => started.Add(arguments);

        var error = await Fails(store, owner, repository, reference);

        Assert.Equal(ActionFetchFailure.InvalidReference, error.Failure);
        Assert.Contains("cannot be fetched", error.Message);
        Assert.Empty(started);
        Assert.Empty(Host.Requests);
        Assert.False(File.Exists("/tmp/pwned"));
    }

    [Theory]
    [InlineData("actions", "checkout", "v4")]
    [InlineData("github", ".github", "main")]
    [InlineData("my_org.io", "tool-kit_2", "releases/v1.2.3")]
    [InlineData("acme", "greet", "refs/tags/v1")]
    [InlineData("acme", "greet", "feature/x-y_z")]
    public void A_name_github_accepts_passes_the_checks(string owner, string repository, string reference) =>
        Assert.Null(new RepositoryRef(owner, repository, reference).Problem());
}
