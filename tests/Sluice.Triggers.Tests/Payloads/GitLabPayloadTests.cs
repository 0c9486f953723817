using System.Text;
using Sluice.Triggers.Webhooks;
using static Sluice.Triggers.Tests.Support.Deliveries;

namespace Sluice.Triggers.Tests.Payloads;

public sealed class GitLabPayloadTests
{
    private static readonly byte[] Push = Sample("gitlab-push.json");
    private static readonly byte[] MergeRequest = Sample("gitlab-merge-request.json");

    private static TriggerEvent Accepted(string hostEvent, byte[] body)
    {
        var result = WebhookVerifier.Verify(GitLab(hostEvent), body, Secret);
        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal(WebhookHost.GitLab, result.Host);
        return result.Event;
    }

    private static byte[] WithAttribute(string from, string to) => Edit(MergeRequest, from, to);

    [Fact]
    public void The_gitlab_token_is_the_secret_itself_and_anything_else_is_refused()
    {
        Assert.True(WebhookVerifier.Verify(GitLab("Push Hook"), Push, Secret).IsAccepted);

        var wrong = WebhookVerifier.Verify(GitLab("Push Hook", token: Secret + " "), Push, Secret + "!");
        Assert.Equal(WebhookRefusal.BadSignature, wrong.Refusal);
        Assert.Equal("The X-Gitlab-Token does not match this repository's webhook secret.", wrong.Reason);
        Assert.Equal(WebhookRefusal.BadSignature, WebhookVerifier.Verify(GitLab("Push Hook", token: "It's"), Push, Secret).Refusal);
    }

    [Fact]
    public void A_gitlab_delivery_without_a_token_is_unsigned()
    {
        var headers = GitLab("Push Hook");
        headers.Remove("X-Gitlab-Token");

        Assert.Equal(WebhookRefusal.MissingSignature, WebhookVerifier.Verify(headers, Push, Secret).Refusal);
    }

    [Fact]
    public void A_gitlab_retry_keeps_its_idempotency_key_and_so_its_redelivery_key()
    {
        var result = WebhookVerifier.Verify(GitLab("Push Hook"), Push, Secret);

        Assert.Equal("gitlab:6a4f3a1e-8a7b-4c2d-9e0f-1a2b3c4d5e6f", result.RedeliveryKey);
    }

    [Fact]
    public void An_older_gitlab_without_an_idempotency_key_is_recognised_by_its_event_uuid()
    {
        var result = WebhookVerifier.Verify(GitLab("Push Hook", idempotencyKey: null), Push, Secret);

        Assert.Equal("gitlab:13792a34-cac6-4fda-95a8-c58e00a3954e", result.RedeliveryKey);
    }

    [Fact]
    public void A_gitlab_without_any_delivery_id_is_recognised_by_its_body()
    {
        var headers = GitLab("Push Hook", idempotencyKey: null);
        headers.Remove("X-Gitlab-Event-UUID");
        headers.Remove("X-Gitlab-Webhook-UUID");

        var result = WebhookVerifier.Verify(headers, Push, Secret);

        Assert.True(result.IsAccepted);
        Assert.Null(result.DeliveryId);
        Assert.StartsWith("gitlab:sha256:", result.RedeliveryKey, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gitlab_push_reads_as_githubs_push()
    {
        var e = Accepted("Push Hook", Push);

        Assert.Equal("push", e.Name);
        Assert.Equal("refs/heads/master", e.Ref);
        Assert.Equal("refs/heads/master", e.FetchRef);
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", e.Sha);
        Assert.Equal("95790bf891e76fee5e1747ab589903a6a1f80f22", e.Before);
        Assert.Equal(["CHANGELOG", "app/controller/application.rb", "README.md", "docs/old.md"], e.ChangedPaths);
        Assert.Equal("jsmith", e.Actor);
        Assert.Equal("mike/diaspora", e.Repository);
        Assert.Equal("https://gitlab.example.com/mike/diaspora.git", e.CloneUrl);
        Assert.Equal("master", e.DefaultBranch);
    }

    [Fact]
    public void A_gitlab_push_payload_has_githubs_fields_for_workflows_and_keeps_gitlabs()
    {
        var payload = Accepted("Push Hook", Push).PayloadJson;

        Assert.Equal("refs/heads/master", At(payload, "ref"));
        Assert.Equal("95790bf891e76fee5e1747ab589903a6a1f80f22", At(payload, "before"));
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", At(payload, "after"));
        Assert.Equal("mike/diaspora", At(payload, "repository.full_name"));
        Assert.Equal("diaspora", At(payload, "repository.name"));
        Assert.Equal("mike", At(payload, "repository.owner.login"));
        Assert.Equal("master", At(payload, "repository.default_branch"));
        Assert.Equal("https://gitlab.example.com/mike/diaspora.git", At(payload, "repository.clone_url"));
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", At(payload, "head_commit.id"));
        Assert.Equal("fixed readme", At(payload, "head_commit.message"));
        Assert.Equal("b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327", Json(payload).GetProperty("commits")[0].GetProperty("id").GetString());
        Assert.Equal("jsmith", At(payload, "sender.login"));
        Assert.Equal("jsmith", At(payload, "pusher.name"));
        Assert.Equal("false", At(payload, "created"));
        Assert.Equal("push", At(payload, "object_kind"));
        Assert.Equal("git@gitlab.example.com:mike/diaspora.git", At(payload, "repository.git_ssh_url"));
    }

    [Fact]
    public void A_namespace_of_several_groups_is_the_owner()
    {
        var body = Edit(Push, "\"mike/diaspora\"", "\"acme/platform/diaspora\"");

        var payload = Accepted("Push Hook", body).PayloadJson;

        Assert.Equal("acme/platform", At(payload, "repository.owner.login"));
        Assert.Equal("diaspora", At(payload, "repository.name"));
    }

    [Fact]
    public void A_gitlab_tag_push_runs_the_tagged_commit_not_the_tag_object()
    {
        var e = Accepted("Tag Push Hook", Sample("gitlab-tag-push.json"));

        Assert.Equal("refs/tags/v1.0.0", e.Ref);
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", e.Sha);
        Assert.Null(e.Before);
        Assert.Null(e.ChangedPaths);
        Assert.Equal("true", At(e.PayloadJson, "created"));
    }

    [Fact]
    public void A_push_of_more_commits_than_gitlab_lists_has_unknown_changed_paths()
    {
        var body = Edit(Push, "\"total_commits_count\": 2", "\"total_commits_count\": 25");

        Assert.Null(Accepted("Push Hook", body).ChangedPaths);
    }

    [Fact]
    public void A_gitlab_push_deleting_a_branch_starts_no_run()
    {
        var body = Edit(
            Edit(Push, "\"after\": \"da1560886d4f094c3e6c9ef40349f7d38b5d27d7\"", "\"after\": \"0000000000000000000000000000000000000000\""),
            "\"checkout_sha\": \"da1560886d4f094c3e6c9ef40349f7d38b5d27d7\"",
            "\"checkout_sha\": null");

        var result = WebhookVerifier.Verify(GitLab("Push Hook"), body, Secret);

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Contains("deletes refs/heads/master", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_request_update_with_new_commits_is_a_synchronize()
    {
        var e = Accepted("Merge Request Hook", MergeRequest);

        Assert.Equal("pull_request", e.Name);
        Assert.Equal("synchronize", e.Action);
        Assert.Equal("refs/pull/1/merge", e.Ref);
        Assert.Equal("refs/merge-requests/1/head", e.FetchRef);
        Assert.Equal("refs/heads/master", e.FilterRef);
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", e.Sha);
        Assert.Equal("ms-viewport", e.HeadRef);
        Assert.Equal("master", e.BaseRef);
        Assert.Null(e.BaseSha);
        Assert.Equal(1, e.PullRequestNumber);
        Assert.Equal("root", e.Actor);
        Assert.Equal("gitlabhq/gitlab-test", e.Repository);
        Assert.False(e.FromFork);
        Assert.True(e.SecretsAllowed);
    }

    [Fact]
    public void A_merge_request_payload_has_githubs_pull_request_fields()
    {
        var payload = Accepted("Merge Request Hook", MergeRequest).PayloadJson;

        Assert.Equal("synchronize", At(payload, "action"));
        Assert.Equal("1", At(payload, "number"));
        Assert.Equal("1", At(payload, "pull_request.number"));
        Assert.Equal("MS-Viewport", At(payload, "pull_request.title"));
        Assert.Equal("false", At(payload, "pull_request.merged"));
        Assert.Equal("open", At(payload, "pull_request.state"));
        Assert.Equal("ms-viewport", At(payload, "pull_request.head.ref"));
        Assert.Equal("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", At(payload, "pull_request.head.sha"));
        Assert.Equal("gitlabhq/gitlab-test", At(payload, "pull_request.head.repo.full_name"));
        Assert.Equal("master", At(payload, "pull_request.base.ref"));
        Assert.Equal("null", At(payload, "pull_request.base.sha"));
        Assert.Equal("gitlabhq/gitlab-test", At(payload, "pull_request.base.repo.full_name"));
        Assert.Equal("gitlabhq/gitlab-test", At(payload, "repository.full_name"));
        Assert.Equal("root", At(payload, "sender.login"));
        Assert.Equal("merge_request", At(payload, "object_kind"));
    }

    [Theory]
    [InlineData("open", "opened", "false")]
    [InlineData("reopen", "reopened", "false")]
    [InlineData("close", "closed", "false")]
    [InlineData("merge", "closed", "true")]
    public void Merge_request_actions_are_githubs_activity_types(string gitlab, string github, string merged)
    {
        var e = Accepted("Merge Request Hook", WithAttribute("\"action\": \"update\"", $"\"action\": \"{gitlab}\""));

        Assert.Equal(github, e.Action);
        Assert.Equal(merged, At(e.PayloadJson, "pull_request.merged"));
    }

    [Fact]
    public void An_update_without_new_commits_is_an_edit()
    {
        var body = WithAttribute("\"oldrev\": \"95790bf891e76fee5e1747ab589903a6a1f80f22\",", "");

        Assert.Equal("edited", Accepted("Merge Request Hook", body).Action);
    }

    [Theory]
    [InlineData("approved")]
    [InlineData("unapproved")]
    [InlineData("approval")]
    public void An_approval_starts_no_run(string action)
    {
        var body = WithAttribute("\"action\": \"update\"", $"\"action\": \"{action}\"");

        var result = WebhookVerifier.Verify(GitLab("Merge Request Hook"), body, Secret);

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Contains($"'{action}'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_request_from_another_project_is_from_a_fork()
    {
        var e = Accepted("Merge Request Hook", Sample("gitlab-merge-request-fork.json"));

        Assert.True(e.FromFork);
        Assert.False(e.SecretsAllowed);
        Assert.Equal("opened", e.Action);
        Assert.Equal("outsider/gitlab-test", At(e.PayloadJson, "pull_request.head.repo.full_name"));
        Assert.Equal("gitlabhq/gitlab-test", e.Repository);
        Assert.Throws<InvalidOperationException>(() => e.AsPullRequestTarget());
        Assert.Equal("cafe" + new string('0', 36), e.AsPullRequestTarget("cafe" + new string('0', 36)).Sha);
    }

    [Fact]
    public void A_merge_request_whose_source_project_was_deleted_is_from_a_fork()
    {
        var body = Edit(MergeRequest, "\"source_project_id\": 1", "\"source_project_id\": null");

        Assert.True(Accepted("Merge Request Hook", body).FromFork);
    }

    [Theory]
    [InlineData("Issue Hook")]
    [InlineData("Pipeline Hook")]
    [InlineData("System Hook")]
    public void Other_gitlab_hooks_are_unsupported(string hostEvent)
    {
        Assert.Equal(WebhookOutcome.Unsupported, WebhookVerifier.Verify(GitLab(hostEvent), Push, Secret).Outcome);
    }
}
