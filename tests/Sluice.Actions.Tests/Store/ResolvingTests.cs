using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>Tags, branches and commits resolve as on GitHub, and the commit's files land in the cache keyed by commit.</summary>
public sealed class ResolvingTests : StoreTest
{
    [Fact]
    public async Task A_tag_resolves_to_its_commit_and_its_files_land_in_the_cache_under_that_commit()
    {
        var repository = Repository("acme", "greet");
        var v1 = repository.Commit("v1", ("action.yml", "name: greet\nruns:\n  using: node20\n  main: index.js\n"), ("index.js", "console.log('hi')\n"));
        repository.Tag("v1");
        repository.Commit("later", ("index.js", "console.log('later')\n"));
        repository.Publish();

        var fetched = await Get(Store(), "acme", "greet", "v1");

        Assert.Equal(v1, fetched.Commit);
        Assert.True(fetched.Downloaded);
        Assert.Equal(Path.Combine(CacheFolder, "acme", "greet", v1), fetched.Folder);
        Assert.Equal("console.log('hi')\n", await File.ReadAllTextAsync(Path.Combine(fetched.Folder, "index.js")));
        Assert.False(Directory.Exists(Path.Combine(fetched.Folder, ".git")));
        Assert.Empty(fetched.Notes);
    }

    [Fact]
    public async Task A_branch_resolves_to_its_newest_commit()
    {
        var repository = Repository("acme", "greet");
        repository.Commit("one", ("action.yml", "one"));
        var two = repository.Commit("two", ("action.yml", "two"));
        repository.Publish();

        var fetched = await Get(Store(), "acme", "greet", "main");

        Assert.Equal(two, fetched.Commit);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(fetched.Folder, "action.yml")));
    }

    [Fact]
    public async Task A_full_sha_is_taken_as_it_is_without_asking_for_refs()
    {
        var repository = Repository("acme", "greet");
        var one = repository.Commit("one", ("action.yml", "one"));
        repository.Commit("two", ("action.yml", "two"));
        repository.Publish();

        var fetched = await Get(Store(), "acme", "greet", one.ToUpperInvariant());

        Assert.Equal(one, fetched.Commit);
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(fetched.Folder, "action.yml")));
        Assert.DoesNotContain(Host.Requests, r => r.Method == "POST" && !r.IsFetch);
    }

    [Fact]
    public async Task An_annotated_tag_resolves_to_the_commit_it_points_at()
    {
        var repository = Repository("acme", "greet");
        var one = repository.Commit("one", ("action.yml", "one"));
        repository.Tag("v1.2.3", annotated: true);
        repository.Publish();

        var fetched = await Get(Store(), "acme", "greet", "v1.2.3");

        Assert.Equal(one, fetched.Commit);
    }

    [Fact]
    public async Task A_tag_wins_over_a_branch_of_the_same_name_as_on_GitHub()
    {
        var repository = Repository("acme", "greet");
        var tagged = repository.Commit("tagged", ("action.yml", "tag"));
        repository.Tag("v2");
        var branched = repository.Commit("branched", ("action.yml", "branch"));
        repository.Branch("v2");
        repository.Publish();
        var store = Store();

        Assert.Equal(tagged, (await Get(store, "acme", "greet", "v2")).Commit);
        Assert.Equal(branched, (await Get(store, "acme", "greet", "refs/heads/v2")).Commit);
        Assert.Equal(tagged, (await Get(store, "acme", "greet", "refs/tags/v2")).Commit);
    }

    [Fact]
    public async Task A_branch_with_slashes_resolves()
    {
        var repository = Repository("acme", "greet");
        repository.Commit("one", ("action.yml", "one"));
        var release = repository.Commit("release", ("action.yml", "release"));
        repository.Branch("releases/v1");
        repository.Publish();

        Assert.Equal(release, (await Get(Store(), "acme", "greet", "releases/v1")).Commit);
    }

    [Fact]
    public async Task The_whole_repository_is_fetched_so_an_action_in_a_sub_folder_and_its_shared_files_are_there()
    {
        var repository = Repository("acme", "tools");
        repository.Commit("tools", ("lint/action.yml", "name: lint\n"), ("lib/init.js", "init\n"), (".github/workflows/reuse.yml", "on: workflow_call\n"));
        repository.Tag("v3");
        repository.Publish();

        var fetched = await Get(Store(), "acme", "tools", "v3");

        Assert.True(File.Exists(Path.Combine(fetched.Folder, "lint", "action.yml")));
        Assert.True(File.Exists(Path.Combine(fetched.Folder, "lib", "init.js")));
        Assert.True(File.Exists(Path.Combine(fetched.Folder, ".github", "workflows", "reuse.yml")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_executable_file_stays_executable()
    {
        var repository = Repository("acme", "tools");
        repository.Commit("script", ("run.sh", "#!/bin/sh\necho hi\n"), ("data.txt", "x"));
        File.SetUnixFileMode(Path.Combine(repository.Work, "run.sh"), (UnixFileMode)0b111_101_101);
        repository.Commit("chmod");
        repository.Publish();

        var fetched = await Get(Store(), "acme", "tools", "main");

        Assert.True(File.GetUnixFileMode(Path.Combine(fetched.Folder, "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(fetched.Folder, "data.txt")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task A_file_host_serves_tags_branches_and_commits_from_a_folder_of_bare_repositories()
    {
        var repository = Repository("acme", "greet");
        var one = repository.Commit("one", ("action.yml", "one"));
        repository.Tag("v1");
        var two = repository.Commit("two", ("action.yml", "two"));
        repository.Publish();
        var store = Store(host: FileHost);

        Assert.Equal(one, (await Get(store, "acme", "greet", "v1")).Commit);
        Assert.Equal(two, (await Get(store, "acme", "greet", "main")).Commit);
        var bySha = await Get(store, "acme", "greet", one);
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(bySha.Folder, "action.yml")));
        Assert.Empty(Host.Requests);
    }

    [Fact]
    public async Task A_host_that_hands_out_only_advertised_commits_still_gives_a_commit_deep_in_the_history()
    {
        var repository = Repository("acme", "greet");
        var deep = repository.Commit("deep", ("action.yml", "deep"));
        repository.Commit("middle", ("action.yml", "middle"));
        repository.Commit("tip", ("action.yml", "tip"));
        repository.Publish();
        var store = Store(host: FileHost);
        // git's protocol v0 outside HTTP: upload-pack refuses a commit that is no ref's tip.
        store.Hooks.ExtraGitConfig = [("protocol.version", "0")];
        var fetches = new List<IReadOnlyList<string>>();
        store.Hooks.GitStarted = (_, arguments) =>
        {
            lock (fetches)
            {
                if (arguments.Contains("fetch"))
                {
                    fetches.Add(arguments);
                }
            }
        };

        var fetched = await Get(store, "acme", "greet", deep);

        Assert.Equal("deep", await File.ReadAllTextAsync(Path.Combine(fetched.Folder, "action.yml")));
        Assert.Equal(2, fetches.Count);
        Assert.Contains("--depth=1", fetches[0]);
        Assert.Contains("+refs/heads/*:refs/sluice/heads/*", fetches[1]);
    }

    [Fact]
    public async Task The_host_may_be_given_with_a_path_and_the_repository_without_its_git_suffix()
    {
        var repository = Repository("acme", "greet");
        var one = repository.Commit("one", ("action.yml", "one"));
        repository.Publish();
        var mirror = ActionsHost.Parse(Served + "/");

        Assert.Equal(one, (await Get(Store(host: mirror), "acme", "greet", "main")).Commit);
    }
}
