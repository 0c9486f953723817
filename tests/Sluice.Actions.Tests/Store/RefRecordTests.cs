using Microsoft.Extensions.Time.Testing;
using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>
/// What a host said a ref resolves to is recorded: a moved tag is picked up as soon as the host answers, and the
/// last answer stands in, with a note, when it does not.
/// </summary>
public sealed class RefRecordTests : StoreTest
{
    private readonly TestRepository _repository;
    private readonly string _first;

    public RefRecordTests()
    {
        _repository = Repository("acme", "greet");
        _first = _repository.Commit("one", ("action.yml", "one"));
        _repository.Tag("v1");
        _repository.Publish();
    }

    [Fact]
    public async Task A_moved_tag_is_picked_up_by_the_next_store_while_a_store_keeps_what_it_resolved()
    {
        var earlier = Store();
        Assert.Equal(_first, (await Get(earlier, "acme", "greet", "v1")).Commit);
        var second = _repository.Commit("two", ("action.yml", "two"));
        _repository.Tag("v1");
        _repository.Publish();

        var later = await Get(Store(), "acme", "greet", "v1");

        Assert.Equal(second, later.Commit);
        Assert.True(later.Downloaded);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(later.Folder, "action.yml")));
        Assert.Equal(_first, (await Get(earlier, "acme", "greet", "v1")).Commit);
    }

    [Fact]
    public async Task When_the_host_is_down_the_last_resolution_is_used_with_a_note()
    {
        await Get(Store(), "acme", "greet", "v1");
        await Host.StopAsync();

        var fetched = await Get(Store(), "acme", "greet", "v1");

        Assert.Equal(_first, fetched.Commit);
        Assert.False(fetched.Downloaded);
        var note = Assert.Single(fetched.Notes);
        Assert.Contains($"{Host.BaseUrl} could not be reached", note);
        Assert.Contains($"using commit {_first}, which 'v1' resolved to on ", note);
    }

    [Fact]
    public async Task When_the_host_is_down_and_the_commit_is_no_longer_cached_the_fetch_fails_as_unreachable()
    {
        var store = Store();
        var fetched = await Get(store, "acme", "greet", "v1");
        store.Dispose();
        Directory.Delete(fetched.Folder, recursive: true);
        await Host.StopAsync();

        var error = await Fails(Store(), "acme", "greet", "v1");

        Assert.Equal(ActionFetchFailure.HostUnreachable, error.Failure);
        Assert.Contains($"commit {_first} of acme/greet is not in the cache", error.Message);
    }

    [Fact]
    public async Task A_tag_the_host_says_is_gone_fails_even_though_the_cache_remembers_it()
    {
        await Get(Store(), "acme", "greet", "v1");
        GitCli.Run(_repository.Work, "tag", "--delete", "v1");
        _repository.Publish();

        var error = await Fails(Store(), "acme", "greet", "v1");

        Assert.Equal(ActionFetchFailure.RefNotFound, error.Failure);
    }

    [Fact]
    public async Task Offline_a_recorded_ref_and_cached_commit_are_used_without_a_single_request()
    {
        await Get(Store(), "acme", "greet", "v1");
        var before = Host.Requests.Count;

        var fetched = await Get(Store(offline: true), "acme", "greet", "v1");
        var never = await Fails(Store(offline: true), "acme", "greet", "main");

        Assert.Equal(_first, fetched.Commit);
        Assert.StartsWith("offline: using commit", Assert.Single(fetched.Notes));
        Assert.Equal(ActionFetchFailure.HostUnreachable, never.Failure);
        Assert.Contains("never resolved on this machine", never.Message);
        Assert.Equal(before, Host.Requests.Count);
    }

    [Fact]
    public async Task Within_the_ref_lifetime_the_host_is_not_asked_and_after_it_it_is()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await Get(Store(time: time, refLifetime: TimeSpan.FromHours(1)), "acme", "greet", "v1");
        var before = Host.Requests.Count;

        time.Advance(TimeSpan.FromMinutes(30));
        var fresh = await Get(Store(time: time, refLifetime: TimeSpan.FromHours(1)), "acme", "greet", "v1");
        Assert.Equal(before, Host.Requests.Count);

        time.Advance(TimeSpan.FromMinutes(31));
        var stale = await Get(Store(time: time, refLifetime: TimeSpan.FromHours(1)), "acme", "greet", "v1");
        Assert.True(Host.Requests.Count > before);

        Assert.Equal(_first, fresh.Commit);
        Assert.Equal(_first, stale.Commit);
    }

    [Fact]
    public async Task A_cached_commit_costs_no_request_at_all_from_a_new_store_or_the_same_one()
    {
        var store = Store();
        var downloaded = await Get(store, "acme", "greet", _first);
        var before = Host.Requests.Count;

        var again = await Get(store, "acme", "greet", _first);
        var fromAnotherStore = await Get(Store(), "acme", "greet", _first);

        Assert.True(downloaded.Downloaded);
        Assert.False(again.Downloaded);
        Assert.False(fromAnotherStore.Downloaded);
        Assert.Equal(downloaded.Folder, fromAnotherStore.Folder);
        Assert.Equal(before, Host.Requests.Count);
    }

    [Fact]
    public async Task The_cache_lists_each_commit_with_its_size_and_the_refs_that_resolve_to_it()
    {
        var store = Store();
        await Get(store, "acme", "greet", "v1");
        await Get(store, "acme", "greet", "main");

        var listed = Assert.Single(store.List());

        Assert.Equal(("acme", "greet", _first), (listed.Owner, listed.Repository, listed.Commit));
        Assert.Equal(["main", "v1"], listed.Refs);
        Assert.Equal(3, listed.Bytes);
    }
}
