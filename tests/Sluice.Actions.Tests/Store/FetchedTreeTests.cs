using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>The files of a fetched commit are what GitHub's runner unpacks, minus links that would reach outside the cache.</summary>
public sealed class FetchedTreeTests : StoreTest
{
    [Fact]
    public async Task Links_inside_the_repository_are_kept_and_links_outside_it_are_left_out_with_a_note()
    {
        var repository = Repository("acme", "links");
        repository.Commit("files", ("lib/init.js", "init"), ("action.yml", "name: links\n"));
        repository.CommitLink("dist", "lib");
        repository.CommitLink("escape", "../../../../../../etc");
        repository.CommitLink("absolute", "/etc/hostname");
        var commit = repository.Head;
        repository.Publish();

        var fetched = await Get(Store(), "acme", "links", commit);

        Assert.Equal("init", await File.ReadAllTextAsync(Path.Combine(fetched.Folder, "dist", "init.js")));
        Assert.False(Path.Exists(Path.Combine(fetched.Folder, "escape")));
        Assert.False(Path.Exists(Path.Combine(fetched.Folder, "absolute")));
        var note = Assert.Single(fetched.Notes);
        Assert.StartsWith($"left out of acme/links at {commit}: ", note);
        Assert.Contains("the link 'absolute' -> '/etc/hostname' (it points outside the repository)", note);
        Assert.Contains("the link 'escape'", note);
        Assert.Empty((await Get(Store(), "acme", "links", commit)).Notes);
    }

    [Fact]
    public async Task Files_marked_export_ignore_are_left_out_as_in_the_archive_GitHub_serves()
    {
        var repository = Repository("acme", "lean");
        repository.Commit("files", ("action.yml", "name: lean\n"), ("tests/big.txt", "fixture"), (".gitattributes", "/tests export-ignore\n"));
        repository.Publish();

        var fetched = await Get(Store(), "acme", "lean", "main");

        Assert.True(File.Exists(Path.Combine(fetched.Folder, "action.yml")));
        Assert.False(Directory.Exists(Path.Combine(fetched.Folder, "tests")));
    }

    [Fact]
    public async Task A_repository_is_kept_apart_from_a_repository_of_the_same_commit_elsewhere()
    {
        var original = Repository("acme", "tool");
        var commit = original.Commit("one", ("action.yml", "tool"));
        original.Publish();
        GitCli.Run(Served, "clone", "--quiet", "--bare", original.Bare, Path.Combine(Served, "fork", "tool.git"));
        var store = Store();

        var first = await Get(store, "acme", "tool", commit);
        var second = await Get(store, "fork", "tool", commit);

        Assert.NotEqual(first.Folder, second.Folder);
        Assert.Equal(Path.Combine(CacheFolder, "fork", "tool", commit), second.Folder);
    }
}
