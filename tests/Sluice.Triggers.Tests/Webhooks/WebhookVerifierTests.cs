using System.Text;
using Sluice.Triggers.Tests.Support;
using Sluice.Triggers.Webhooks;
using static Sluice.Triggers.Tests.Support.Deliveries;

namespace Sluice.Triggers.Tests.Webhooks;

public sealed class WebhookVerifierTests
{
    private static readonly byte[] Push = Sample("github-push.json");

    [Fact]
    public void A_signed_github_push_is_accepted_with_its_delivery_id_as_redelivery_key()
    {
        var result = WebhookVerifier.Verify(GitHub("push", Push), Push, Secret);

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        Assert.Equal(WebhookRefusal.None, result.Refusal);
        Assert.Equal(WebhookHost.GitHub, result.Host);
        Assert.Equal("push", result.HostEvent);
        Assert.Equal(GitHubDeliveryId, result.DeliveryId);
        Assert.Equal("github:" + GitHubDeliveryId, result.RedeliveryKey);
        Assert.Equal(202, result.StatusCode);
        Assert.Equal("push to refs/heads/main at 0d1a26e67d8f by octocat", result.Reason);
    }

    [Fact]
    public void The_signature_check_agrees_with_githubs_published_example()
    {
        // GitHub's documentation validates its example with this secret, body and digest.
        var body = "Hello, World!"u8.ToArray();
        var headers = GitHub("push", body);
        headers["X-Hub-Signature-256"] = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        var result = WebhookVerifier.Verify(headers, body, "It's a Secret to Everybody");

        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.NotNull(result.RedeliveryKey);
    }

    [Fact]
    public void Header_names_are_matched_in_any_case_even_in_an_ordinal_dictionary()
    {
        var headers = GitHub("push", Push).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);

        Assert.True(WebhookVerifier.Verify(headers, Push, Secret).IsAccepted);
    }

    [Fact]
    public void An_upper_case_hex_signature_is_the_same_signature()
    {
        var headers = GitHub("push", Push);
        headers["X-Hub-Signature-256"] = "sha256=" + Hmac(Push).ToUpperInvariant();

        Assert.True(WebhookVerifier.Verify(headers, Push, Secret).IsAccepted);
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused_as_a_bad_signature()
    {
        var result = WebhookVerifier.Verify(GitHub("push", Push, secret: "guess"), Push, Secret);

        Assert.Equal(WebhookOutcome.BadSignature, result.Outcome);
        Assert.Equal(WebhookRefusal.BadSignature, result.Refusal);
        Assert.Equal(401, result.StatusCode);
        Assert.Null(result.Event);
        Assert.Null(result.RedeliveryKey);
        Assert.Contains("X-Hub-Signature-256 signature does not match", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_changed_after_signing_is_refused()
    {
        var headers = GitHub("push", Push);
        var changed = Edit(Push, "refs/heads/main", "refs/heads/evil");

        Assert.Equal(WebhookRefusal.BadSignature, WebhookVerifier.Verify(headers, changed, Secret).Refusal);
    }

    [Fact]
    public void An_unsigned_delivery_is_refused_and_told_which_header_is_missing()
    {
        var headers = GitHub("push", Push);
        headers.Remove("X-Hub-Signature-256");
        headers["X-Hub-Signature"] = "sha1=0000000000000000000000000000000000000000";

        var result = WebhookVerifier.Verify(headers, Push, Secret);

        Assert.Equal(WebhookRefusal.MissingSignature, result.Refusal);
        Assert.Equal(WebhookOutcome.BadSignature, result.Outcome);
        Assert.Contains("No X-Hub-Signature-256 header", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=8f3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ff")]
    [InlineData("sha256=g57107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=757107ea 0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    public void A_malformed_signature_is_a_bad_or_missing_signature_never_an_exception(string signature)
    {
        var headers = GitHub("push", Push);
        headers["X-Hub-Signature-256"] = signature;

        var result = WebhookVerifier.Verify(headers, Push, Secret);

        Assert.Equal(WebhookOutcome.BadSignature, result.Outcome);
        Assert.Contains(result.Refusal, new[] { WebhookRefusal.BadSignature, WebhookRefusal.MissingSignature });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_repository_without_a_secret_accepts_no_delivery(string? secret)
    {
        var result = WebhookVerifier.Verify(GitHub("push", Push, secret: ""), Push, secret);

        Assert.Equal(WebhookRefusal.NoSecretConfigured, result.Refusal);
        Assert.Equal(WebhookOutcome.BadSignature, result.Outcome);
        Assert.Equal(403, result.StatusCode);
        Assert.Contains("no webhook secret", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_any_hosts_event_header_is_from_an_unknown_host()
    {
        var headers = new Dictionary<string, string> { ["X-Event-Key"] = "repo:push", ["X-Hub-Signature"] = "sha256=" + Hmac(Push) };

        var result = WebhookVerifier.Verify(headers, Push, Secret);

        Assert.Equal(WebhookRefusal.UnknownHost, result.Refusal);
        Assert.Equal(WebhookOutcome.Unsupported, result.Outcome);
        Assert.Null(result.Host);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("X-GitHub-Event", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_over_the_limit_is_refused_before_anything_is_computed()
    {
        var result = WebhookVerifier.Verify(GitHub("push", Push), Push, Secret, maxBodyBytes: Push.Length - 1);

        Assert.Equal(WebhookRefusal.BodyTooLarge, result.Refusal);
        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.Equal(413, result.StatusCode);
        Assert.Equal($"The body is {Push.Length} bytes, more than the {Push.Length - 1} bytes a delivery may have.", result.Reason);
    }

    [Fact]
    public void The_default_limit_is_githubs_25_mib()
    {
        Assert.Equal(25 * 1024 * 1024, WebhookVerifier.DefaultMaxBodyBytes);
    }

    [Fact]
    public void A_ping_is_genuine_and_starts_nothing()
    {
        var ping = Sample("github-ping.json");

        var result = WebhookVerifier.Verify(GitHub("ping", ping), ping, Secret);

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(WebhookRefusal.Ignored, result.Refusal);
        Assert.Equal(200, result.StatusCode);
        Assert.Contains("Ping received", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("delete")]
    public void Branch_creation_and_deletion_deliveries_are_ignored_with_a_reason(string hostEvent)
    {
        var body = """{"ref":"feature/x","ref_type":"branch","repository":{"full_name":"acme/shop"}}"""u8.ToArray();

        var result = WebhookVerifier.Verify(GitHub(hostEvent, body), body, Secret);

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Contains($"'{hostEvent}' deliveries start no run", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_sluice_does_not_run_for_is_unsupported_and_answered_with_a_2xx()
    {
        var body = """{"action":"opened","issue":{"number":1},"repository":{"full_name":"acme/shop"}}"""u8.ToArray();

        var result = WebhookVerifier.Verify(GitHub("issues", body), body, Secret);

        Assert.Equal(WebhookOutcome.Unsupported, result.Outcome);
        Assert.Equal(WebhookRefusal.UnsupportedEvent, result.Refusal);
        Assert.Equal(200, result.StatusCode);
        Assert.Contains("'issues' starts nothing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_event_with_a_bad_signature_counts_as_a_bad_signature()
    {
        var body = """{"action":"opened"}"""u8.ToArray();

        Assert.Equal(WebhookOutcome.BadSignature, WebhookVerifier.Verify(GitHub("issues", body, secret: "other"), body, Secret).Outcome);
    }

    [Fact]
    public void A_redelivery_is_the_same_delivery_counted_apart()
    {
        var result = WebhookVerifier.Verify(GitHub("push", Push), Push, Secret);
        var again = WebhookVerifier.Verify(GitHub("push", Push), Push, Secret);

        var redelivery = again.AsRedelivery();

        Assert.Equal(result.RedeliveryKey, again.RedeliveryKey);
        Assert.Equal(WebhookOutcome.Redelivery, redelivery.Outcome);
        Assert.Equal(200, redelivery.StatusCode);
        Assert.Same(again.Event, redelivery.Event);
        Assert.Contains(GitHubDeliveryId, redelivery.Reason, StringComparison.Ordinal);
        Assert.False(redelivery.IsAccepted);
    }

    [Fact]
    public void Two_different_github_deliveries_have_different_keys()
    {
        var first = WebhookVerifier.Verify(GitHub("push", Push), Push, Secret);
        var second = WebhookVerifier.Verify(GitHub("push", Push, delivery: "9a1c7e2a-cc79-11e3-81ab-4c9367dc0958"), Push, Secret);

        Assert.NotEqual(first.RedeliveryKey, second.RedeliveryKey);
    }

    [Fact]
    public void A_github_form_encoded_delivery_is_read_from_its_payload_field_and_signed_over_the_form()
    {
        var form = Encoding.ASCII.GetBytes("payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(Push)));
        var headers = GitHub("push", form);
        headers["Content-Type"] = "application/x-www-form-urlencoded";

        var result = WebhookVerifier.Verify(headers, form, Secret);

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal("refs/heads/main", result.Event.Ref);
        Assert.Equal(Encoding.UTF8.GetString(Push), result.Event.PayloadJson);
    }

    [Fact]
    public void A_form_without_a_payload_field_is_malformed_and_says_which_content_type_to_use()
    {
        var form = "other=1&payloads=2"u8.ToArray();
        var headers = GitHub("push", form);
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";

        var result = WebhookVerifier.Verify(headers, form, Secret);

        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("application/json", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WebhookOutcome.Accepted, "accepted")]
    [InlineData(WebhookOutcome.Redelivery, "redelivery")]
    [InlineData(WebhookOutcome.Ignored, "ignored")]
    [InlineData(WebhookOutcome.Unsupported, "unsupported")]
    [InlineData(WebhookOutcome.BadSignature, "bad_signature")]
    [InlineData(WebhookOutcome.Malformed, "malformed")]
    public void Each_outcome_has_a_metric_label(WebhookOutcome outcome, string label)
    {
        Assert.Equal(label, outcome.ToMetricLabel());
    }
}
