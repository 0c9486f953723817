using Microsoft.Extensions.Time.Testing;
using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>Each way a fetch fails has its own kind, and a message naming what was tried.</summary>
public sealed class FailureTests : StoreTest
{
    public FailureTests()
    {
        var repository = Repository("acme", "greet");
        repository.Commit("one", ("action.yml", "one"));
        repository.Tag("v1");
        repository.Publish();
    }

    [Fact]
    public async Task A_ref_the_host_does_not_have_fails_as_ref_not_found_naming_the_ls_remote_tried()
    {
        var error = await Fails(Store(), "acme", "greet", "v9");

        Assert.Equal(ActionFetchFailure.RefNotFound, error.Failure);
        Assert.Equal($"git ls-remote {Host.BaseUrl}acme/greet refs/tags/v9 refs/tags/v9^{{}} refs/heads/v9", error.Tried);
        Assert.Contains("has no tag or branch 'v9'", error.Message);
        Assert.Contains(error.Tried, error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_short_sha_fails_with_the_advice_to_give_it_in_full()
    {
        var error = await Fails(Store(), "acme", "greet", "a1b2c3d");

        Assert.Equal(ActionFetchFailure.RefNotFound, error.Failure);
        Assert.Contains("in full (40 hex digits)", error.Message);
    }

    [Fact]
    public async Task A_commit_the_repository_does_not_have_fails_as_ref_not_found()
    {
        var error = await Fails(Store(), "acme", "greet", new string('d', 40));

        Assert.Equal(ActionFetchFailure.RefNotFound, error.Failure);
        Assert.Contains($"has no commit {new string('d', 40)}", error.Message);
        Assert.StartsWith("git fetch --depth=1", error.Tried);
    }

    [Fact]
    public async Task A_repository_the_host_does_not_have_fails_as_repository_not_found()
    {
        var error = await Fails(Store(), "acme", "nothing", "v1");

        Assert.Equal(ActionFetchFailure.RepositoryNotFound, error.Failure);
        Assert.Contains("there is no repository acme/nothing", error.Message);
        Assert.Contains($"{Host.BaseUrl}acme/nothing", error.Tried);
    }

    [Fact]
    public async Task A_repository_missing_from_a_file_host_fails_as_repository_not_found()
    {
        var error = await Fails(Store(host: FileHost), "acme", "nothing", "v1");

        Assert.Equal(ActionFetchFailure.RepositoryNotFound, error.Failure);
    }

    [Fact]
    public async Task A_host_that_refuses_connections_fails_as_unreachable_and_transient()
    {
        var refused = new ActionsHost(new Uri($"http://127.0.0.1:{GitHttpHost.FreePort()}/"));

        var error = await Fails(Store(host: refused), "acme", "greet", "v1");

        Assert.Equal(ActionFetchFailure.HostUnreachable, error.Failure);
        Assert.True(error.IsTransient);
        Assert.Contains($"{refused} could not be reached", error.Message);
        Assert.Contains("never resolved on this machine", error.Message);
        Assert.StartsWith($"git ls-remote {refused}acme/greet", error.Tried);
    }

    [Fact]
    public async Task A_host_that_never_answers_is_given_up_after_the_network_timeout()
    {
        Host.KeepSilent("acme/greet");
        var time = new FakeTimeProvider();
        var store = Store(time: time, networkTimeout: TimeSpan.FromSeconds(20));

        var getting = Get(store, "acme", "greet", "v1");
        await Host.WaitForAsync(r => r.Path.StartsWith("/acme/greet", StringComparison.Ordinal));
        Assert.False(getting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAsync<ActionFetchException>(() => getting);

        Assert.Equal(ActionFetchFailure.HostUnreachable, error.Failure);
        Assert.Contains("no answer within 20 s", error.Message);
    }

    [Fact]
    public async Task A_private_repository_without_a_token_fails_as_authentication_failed()
    {
        Host.RequireToken("acme/greet", Token);

        var error = await Fails(Store(), "acme", "greet", "v1");

        Assert.Equal(ActionFetchFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("asks for credentials", error.Message);
        Assert.Contains("give a token", error.Message);
        Assert.Contains(Host.Requests, r => !r.Authorized);
    }

    [Fact]
    public async Task A_token_the_host_refuses_fails_as_authentication_failed_without_showing_it()
    {
        Host.RequireToken("acme/greet", Token);
        const string wrong = "tok_Wrong_d00d1e";

        var error = await Fails(Store(token: wrong), "acme", "greet", "v1");

        Assert.Equal(ActionFetchFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("refused the token", error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
        Assert.Contains(Host.Requests, r => r.Authorization is not null && !r.Authorized);
    }

    [Fact]
    public async Task A_failure_is_not_kept_so_a_later_call_tries_again()
    {
        var store = Store();
        await Fails(store, "acme", "greet", "v2");
        var repository = new TestRepository(Served, Path.Combine(Scratch.Path, "work"), "acme", "greet");
        repository.Tag("v2", at: "main");
        repository.Publish();

        var fetched = await Get(store, "acme", "greet", "v2");

        Assert.Equal(repository.Head, fetched.Commit);
    }
}
