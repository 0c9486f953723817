using System.Text;
using Sluice.Triggers.Webhooks;
using static Sluice.Triggers.Tests.Support.Deliveries;

namespace Sluice.Triggers.Tests.Payloads;

public sealed class GiteaPayloadTests
{
    private static readonly byte[] Push = Sample("gitea-push.json");
    private static readonly byte[] PullRequest = Sample("gitea-pull-request.json");

    [Fact]
    public void Gitea_is_recognised_although_it_sends_githubs_headers_too()
    {
        var result = WebhookVerifier.Verify(Gitea("push", Push), Push, Secret);

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal(WebhookHost.Gitea, result.Host);
        Assert.Equal(GiteaDeliveryId, result.DeliveryId);
    }

    [Fact]
    public void Forgejo_is_recognised_although_it_sends_giteas_headers_too()
    {
        var result = WebhookVerifier.Verify(Forgejo("push", Push), Push, Secret);

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal(WebhookHost.Forgejo, result.Host);
    }

    [Fact]
    public void The_gitea_signature_is_hex_without_a_prefix_and_a_wrong_one_is_refused()
    {
        var headers = Gitea("push", Push);
        headers["X-Gitea-Signature"] = "sha256=" + Hmac(Push);

        Assert.Equal(WebhookRefusal.BadSignature, WebhookVerifier.Verify(headers, Push, Secret).Refusal);
        Assert.Equal(WebhookRefusal.BadSignature, WebhookVerifier.Verify(Gitea("push", Push, secret: "other"), Push, Secret).Refusal);
        Assert.Equal(WebhookRefusal.BadSignature, WebhookVerifier.Verify(Forgejo("push", Push, secret: "other"), Push, Secret).Refusal);
    }

    [Fact]
    public void A_gitea_delivery_without_its_signature_is_unsigned_even_with_githubs_header()
    {
        var headers = Gitea("push", Push);
        headers.Remove("X-Gitea-Signature");

        var result = WebhookVerifier.Verify(headers, Push, Secret);

        Assert.Equal(WebhookRefusal.MissingSignature, result.Refusal);
        Assert.Contains("X-Gitea-Signature", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gitea_redelivery_has_a_new_id_but_the_same_key_because_the_body_is_the_same()
    {
        var first = WebhookVerifier.Verify(Gitea("push", Push), Push, Secret);
        var replayed = WebhookVerifier.Verify(Gitea("push", Push, delivery: "0b0f3c51-2a0e-4f57-9c8b-7d1e6a5f4c3b"), Push, Secret);

        Assert.NotEqual(first.DeliveryId, replayed.DeliveryId);
        Assert.Equal(first.RedeliveryKey, replayed.RedeliveryKey);
        Assert.StartsWith("gitea:sha256:", first.RedeliveryKey, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gitea_form_delivery_is_signed_over_its_json()
    {
        var form = Encoding.ASCII.GetBytes("payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(Push)));
        var headers = Gitea("push", Push);
        headers["Content-Type"] = "application/x-www-form-urlencoded";

        var result = WebhookVerifier.Verify(headers, form, Secret);

        Assert.True(result.IsAccepted, result.Reason);
    }

    [Fact]
    public void A_gitea_push_reads_like_a_github_push()
    {
        var e = WebhookVerifier.Verify(Gitea("push", Push), Push, Secret).Event!;

        Assert.Equal("push", e.Name);
        Assert.Equal("refs/heads/develop", e.Ref);
        Assert.Equal("bffeb74224043ba2feb48d137756c8a9331c449a", e.Sha);
        Assert.Equal("28e1879d029cb852e4844d9c718537df08844e03", e.Before);
        Assert.Equal(["hooks/README.md", "src/server.go"], e.ChangedPaths);
        Assert.Equal("gitea", e.Actor);
        Assert.Equal("acme/shop", e.Repository);
        Assert.Equal("main", e.DefaultBranch);
    }

    [Fact]
    public void A_gitea_push_payload_gains_githubs_pusher_name_and_compare_and_keeps_its_own_fields()
    {
        var payload = WebhookVerifier.Verify(Gitea("push", Push), Push, Secret).Event!.PayloadJson;

        Assert.Equal("gitea", At(payload, "pusher.name"));
        Assert.Equal("gitea", At(payload, "pusher.login"));
        Assert.Equal(At(payload, "compare_url"), At(payload, "compare"));
        Assert.Equal("acme/shop", At(payload, "repository.full_name"));
        Assert.Equal("acme", At(payload, "repository.owner.login"));
        Assert.Equal("bffeb74224043ba2feb48d137756c8a9331c449a", At(payload, "head_commit.id"));
    }

    [Fact]
    public void A_push_whose_commit_list_gitea_cut_short_has_unknown_changed_paths()
    {
        var body = Edit(Push, "\"total_commits\": 1", "\"total_commits\": 40");

        Assert.Null(WebhookVerifier.Verify(Gitea("push", body), body, Secret).Event!.ChangedPaths);
    }

    [Fact]
    public void Giteas_synchronized_is_githubs_synchronize_in_the_event_and_its_payload()
    {
        var e = WebhookVerifier.Verify(Gitea("pull_request", PullRequest), PullRequest, Secret).Event!;

        Assert.Equal("synchronize", e.Action);
        Assert.Equal("synchronize", At(e.PayloadJson, "action"));
        Assert.Equal("refs/pull/7/merge", e.Ref);
        Assert.Equal("refs/pull/7/head", e.FetchRef);
        Assert.Equal("c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe", e.Sha);
        Assert.Equal("search", e.HeadRef);
        Assert.Equal("main", e.BaseRef);
        Assert.Equal("bffeb74224043ba2feb48d137756c8a9331c449a", e.BaseSha);
        Assert.Equal(7, e.PullRequestNumber);
        Assert.Equal("dev", e.Actor);
        Assert.False(e.FromFork);
    }

    [Theory]
    [InlineData("label_updated", "labeled")]
    [InlineData("label_cleared", "unlabeled")]
    [InlineData("opened", "opened")]
    [InlineData("reopened", "reopened")]
    [InlineData("closed", "closed")]
    [InlineData("edited", "edited")]
    public void Giteas_activity_types_are_githubs_words(string gitea, string github)
    {
        var body = Edit(PullRequest, "\"synchronized\"", $"\"{gitea}\"");

        Assert.Equal(github, WebhookVerifier.Verify(Gitea("pull_request", body), body, Secret).Event!.Action);
    }

    [Fact]
    public void A_gitea_pull_request_from_another_repository_is_from_a_fork()
    {
        var body = Edit(
            PullRequest,
            """
            "repo_id": 140,
                  "repo": { "id": 140, "name": "shop", "full_name": "acme/shop", "owner": { "login": "acme" }, "clone_url": "https://git.example.com/acme/shop.git", "default_branch": "main" }
                },
                "merge_base"
            """,
            """
            "repo_id": 141,
                  "repo": { "id": 141, "name": "shop", "full_name": "dev/shop", "owner": { "login": "dev" }, "clone_url": "https://git.example.com/dev/shop.git", "default_branch": "main" }
                },
                "merge_base"
            """);

        var e = WebhookVerifier.Verify(Forgejo("pull_request", body), body, Secret).Event!;

        Assert.True(e.FromFork);
        Assert.False(e.SecretsAllowed);
    }
}
