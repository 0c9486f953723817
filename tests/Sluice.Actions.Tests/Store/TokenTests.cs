using System.Collections.Concurrent;
using System.Text;
using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>A private repository is fetched with a token that appears on no command line and in no message.</summary>
public sealed class TokenTests : StoreTest
{
    private static readonly string Credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token}"));
    private readonly string _commit;

    public TokenTests()
    {
        var repository = Repository("acme", "secret");
        _commit = repository.Commit("one", ("action.yml", "private"));
        repository.Tag("v1");
        repository.Publish();
        Host.RequireToken("acme/secret", Token);
    }

    [Fact]
    public async Task A_private_repository_is_fetched_with_the_token_which_no_git_argument_list_holds()
    {
        var store = Store(token: Token);
        var arguments = new ConcurrentBag<string>();
        store.Hooks.GitStarted = (_, list) =>
        {
            foreach (var argument in list)
            {
                arguments.Add(argument);
            }
        };

        var fetched = await Get(store, "acme", "secret", "v1");

        Assert.Equal(_commit, fetched.Commit);
        Assert.Equal("private", await File.ReadAllTextAsync(Path.Combine(fetched.Folder, "action.yml")));
        Assert.All(Host.Requests, r => Assert.True(r.Authorized));
        Assert.Contains(Host.Requests, r => r.IsFetch && r.Authorization == $"Basic {Credentials}");
        Assert.NotEmpty(arguments);
        Assert.DoesNotContain(arguments, a => a.Contains(Token, StringComparison.Ordinal) || a.Contains(Credentials, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, fetched.ToString());
    }

    [Fact]
    public async Task No_process_git_starts_shows_the_token_on_its_command_line_while_it_fetches()
    {
        var store = Store(token: Token);
        var gitProcesses = new ConcurrentBag<int>();
        store.Hooks.GitStarted = (pid, _) => gitProcesses.Add(pid);
        var gate = Host.HoldFetches();

        var getting = Get(store, "acme", "secret", _commit);
        await Host.WaitForAsync(r => r.IsFetch);
        var lines = gitProcesses.SelectMany(ProcessTree.WithDescendants).Select(ProcessTree.CommandLine).Where(l => l.Length > 0).ToList();
        gate.SetResult();
        await getting;

        Assert.Contains(lines, l => l.Contains("git-remote-http", StringComparison.Ordinal) || l.Contains("remote-http", StringComparison.Ordinal));
        Assert.All(lines, l =>
        {
            Assert.DoesNotContain(Token, l);
            Assert.DoesNotContain(Credentials, l);
        });
    }

    [Fact]
    public async Task A_wrong_or_missing_token_is_reported_without_any_token_in_the_message_or_what_was_tried()
    {
        var refused = await Fails(Store(token: "tok_Wrong_0xbad"), "acme", "secret", _commit);
        var missing = await Fails(Store(), "acme", "secret", "v1");

        foreach (var error in new[] { refused, missing })
        {
            Assert.Equal(ActionFetchFailure.AuthenticationFailed, error.Failure);
            Assert.DoesNotContain("tok_", error.ToString());
            Assert.DoesNotContain("tok_", error.Tried);
            Assert.DoesNotContain(Credentials, error.ToString());
        }
    }
}
