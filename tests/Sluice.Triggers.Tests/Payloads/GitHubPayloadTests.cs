using System.Text;
using Sluice.Triggers.Webhooks;
using static Sluice.Triggers.Tests.Support.Deliveries;

namespace Sluice.Triggers.Tests.Payloads;

public sealed class GitHubPayloadTests
{
    private static TriggerEvent Accepted(string hostEvent, string sample) => Accepted(hostEvent, Sample(sample));

    private static TriggerEvent Accepted(string hostEvent, byte[] body)
    {
        var result = WebhookVerifier.Verify(GitHub(hostEvent, body), body, Secret);
        Assert.True(result.IsAccepted, result.Reason);
        return result.Event;
    }

    [Fact]
    public void A_push_gives_the_ref_the_commits_the_pusher_and_the_repository()
    {
        var e = Accepted("push", "github-push.json");

        Assert.Equal("push", e.Name);
        Assert.Null(e.Action);
        Assert.Equal("refs/heads/main", e.Ref);
        Assert.Equal("refs/heads/main", e.FilterRef);
        Assert.Equal("refs/heads/main", e.FetchRef);
        Assert.Equal("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", e.Sha);
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", e.Before);
        Assert.Equal("octocat", e.Actor);
        Assert.Equal("acme/shop", e.Repository);
        Assert.Equal("https://github.com/acme/shop.git", e.CloneUrl);
        Assert.Equal("main", e.DefaultBranch);
        Assert.False(e.FromFork);
        Assert.True(e.SecretsAllowed);
        Assert.Null(e.PullRequestNumber);
    }

    [Fact]
    public void A_push_lists_every_file_its_commits_added_modified_or_removed_once()
    {
        var e = Accepted("push", "github-push.json");

        Assert.Equal(["src/basket/page.ts", "src/basket/page.test.ts", "src/routes.ts", "README.md", "src/cart.ts"], e.ChangedPaths);
    }

    [Fact]
    public void A_githubs_push_payload_is_handed_to_the_workflow_as_sent()
    {
        var body = Sample("github-push.json");

        Assert.Equal(Encoding.UTF8.GetString(body), Accepted("push", body).PayloadJson);
    }

    [Fact]
    public void A_tag_push_runs_the_tagged_commit_and_has_no_before()
    {
        var e = Accepted("push", "github-push-tag.json");

        Assert.Equal("refs/tags/v1.2.0", e.Ref);
        Assert.Equal("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", e.Sha);
        Assert.Null(e.Before);
        Assert.Null(e.ChangedPaths);
    }

    [Fact]
    public void A_push_that_deletes_a_branch_starts_no_run()
    {
        var body = Sample("github-push-delete.json");

        var result = WebhookVerifier.Verify(GitHub("push", body), body, Secret);

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("The push deletes refs/heads/feature/old; a deletion starts no run.", result.Reason);
        Assert.Null(result.Event);
    }

    [Fact]
    public void A_push_of_as_many_commits_as_github_lists_has_unknown_changed_paths()
    {
        var commit = """{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","added":["a"],"removed":[],"modified":[]}""";
        var body = Encoding.UTF8.GetBytes($$"""
            {"ref":"refs/heads/main","before":"6113728f27ae82c7b1a177c8d03f9e96e0adf246","after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
             "repository":{"full_name":"acme/shop"},"commits":[{{string.Join(',', Enumerable.Repeat(commit, 2048))}}]}
            """);

        Assert.Null(Accepted("push", body).ChangedPaths);
    }

    [Fact]
    public void A_pull_request_runs_its_head_commit_at_githubs_merge_ref_and_filters_on_its_base_branch()
    {
        var e = Accepted("pull_request", "github-pull-request.json");

        Assert.Equal("pull_request", e.Name);
        Assert.Equal("synchronize", e.Action);
        Assert.Equal("refs/pull/42/merge", e.Ref);
        Assert.Equal("refs/pull/42/head", e.FetchRef);
        Assert.Equal("refs/heads/main", e.FilterRef);
        Assert.Equal("5b0c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f1a3b5c", e.Sha);
        Assert.Equal("main", e.BaseRef);
        Assert.Equal("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", e.BaseSha);
        Assert.Equal("feature/basket", e.HeadRef);
        Assert.Equal(42, e.PullRequestNumber);
        Assert.Equal("octocat", e.Actor);
        Assert.Null(e.ChangedPaths);
        Assert.False(e.FromFork);
        Assert.True(e.SecretsAllowed);
    }

    [Fact]
    public void A_pull_request_from_a_fork_gets_no_secrets()
    {
        var e = Accepted("pull_request", "github-pull-request-fork.json");

        Assert.True(e.FromFork);
        Assert.False(e.SecretsAllowed);
        Assert.Equal("opened", e.Action);
        Assert.Equal("main", e.HeadRef);
        Assert.Equal("stranger", e.Actor);
    }

    [Fact]
    public void A_pull_request_whose_head_repository_was_deleted_counts_as_a_fork()
    {
        var body = Edit(
            Sample("github-pull-request.json"),
            """
                "repo": { "id": 186853002, "name": "shop", "full_name": "acme/shop", "fork": false, "clone_url": "https://github.com/acme/shop.git", "default_branch": "main" }
                    },
                    "base"
                """,
            """
                "repo": null
                    },
                    "base"
                """);

        Assert.True(Accepted("pull_request", body).FromFork);
    }

    [Fact]
    public void The_same_pull_request_as_pull_request_target_runs_the_base_branch_with_secrets_even_from_a_fork()
    {
        var e = Accepted("pull_request", "github-pull-request-fork.json").AsPullRequestTarget();

        Assert.Equal("pull_request_target", e.Name);
        Assert.Equal("refs/heads/main", e.Ref);
        Assert.Equal("refs/heads/main", e.FetchRef);
        Assert.Equal("refs/heads/main", e.FilterRef);
        Assert.Equal("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", e.Sha);
        Assert.True(e.FromFork);
        Assert.True(e.SecretsAllowed);
        Assert.Equal("opened", e.Action);
    }

    [Fact]
    public void Only_a_pull_request_has_a_pull_request_target_form()
    {
        var push = Accepted("push", "github-push.json");

        Assert.Throws<InvalidOperationException>(() => push.AsPullRequestTarget());
    }
}
