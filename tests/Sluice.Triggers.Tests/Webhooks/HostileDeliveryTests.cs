using System.Text;
using CsCheck;
using Sluice.Triggers.Webhooks;
using static Sluice.Triggers.Tests.Support.Deliveries;

namespace Sluice.Triggers.Tests.Webhooks;

/// <summary>Genuine signatures over bodies no host sends: each is refused as malformed with what is wrong, never an exception.</summary>
public sealed class HostileDeliveryTests
{
    private const string Shas = "\"before\":\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\",\"after\":\"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\"";

    private static WebhookResult Signed(string hostEvent, byte[] body) => WebhookVerifier.Verify(GitHub(hostEvent, body), body, Secret);

    private static WebhookResult Signed(string hostEvent, string body) => Signed(hostEvent, Encoding.UTF8.GetBytes(body));

    private static void AssertMalformed(WebhookResult result, string expected)
    {
        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.Equal(WebhookRefusal.MalformedPayload, result.Refusal);
        Assert.Equal(400, result.StatusCode);
        Assert.Null(result.Event);
        Assert.NotNull(result.RedeliveryKey);
        Assert.Contains(expected, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"ref\":", "not valid JSON")]
    [InlineData("{\"ref\":\"refs/heads/main\",}", "not valid JSON")]
    [InlineData("// comment\n{}", "not valid JSON")]
    [InlineData("[]", "The body is an array, expected a JSON object.")]
    [InlineData("\"push\"", "The body is a string, expected a JSON object.")]
    [InlineData("null", "The body is null, expected a JSON object.")]
    [InlineData("{}", "The payload has no 'ref'; expected a string.")]
    [InlineData("{\"ref\":42}", "The payload's 'ref' is a number, expected a string.")]
    [InlineData("{\"ref\":\"main\"}", "The payload's 'ref' is 'main', expected a full ref such as 'refs/heads/main'.")]
    [InlineData("{\"ref\":\"refs/heads/--upload-pack=evil\",\"after\":\"x\"}", "The payload's 'after' is 'x', expected a commit id of 40 or 64 hex digits.")]
    [InlineData("{\"ref\":\"refs/heads/a b\"}", "which is not a name git allows for a ref")]
    [InlineData("{\"ref\":\"refs/heads/a\\u0000b\"}", "which is not a name git allows for a ref")]
    [InlineData("{\"ref\":\"refs/heads/../../x\"}", "which is not a name git allows for a ref")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + "}", "The payload has no 'repository'; expected an object.")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + ",\"repository\":[]}", "The payload's 'repository' is an array, expected an object.")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + ",\"repository\":{\"full_name\":true}}", "The payload's 'repository.full_name' is a boolean, expected a string.")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + ",\"deleted\":\"no\",\"repository\":{\"full_name\":\"a/b\"}}", "The payload's 'deleted' is a string, expected true or false.")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + ",\"repository\":{\"full_name\":\"a/b\"},\"commits\":\"many\"}", "The payload's 'commits' is a string, expected an array.")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + ",\"repository\":{\"full_name\":\"a/b\"},\"commits\":[1]}", "The payload's 'commits[0]' is a number, expected an object.")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + ",\"repository\":{\"full_name\":\"a/b\"},\"commits\":[{\"added\":[null]}]}", "The payload's 'commits[0].added[0]' is null, expected a string.")]
    [InlineData("{\"ref\":\"refs/heads/main\"," + Shas + ",\"repository\":{\"full_name\":\"a/b\"},\"head_commit\":{\"id\":{}}}", "The payload's 'head_commit.id' is an object, expected a string.")]
    [InlineData("{\"ref\":\"refs/heads/main\",\"ref\":\"refs/heads/other\"}", "not valid JSON")]
    public void A_push_body_of_the_wrong_shape_is_malformed_and_says_what_is_wrong(string body, string expected)
    {
        AssertMalformed(Signed("push", body), expected);
    }

    [Theory]
    [InlineData("{\"action\":\"opened\"}", "The payload has no 'pull_request'; expected an object.")]
    [InlineData("{\"action\":7,\"pull_request\":{}}", "The payload's 'action' is a number, expected a string.")]
    [InlineData("{\"action\":\"opened\",\"pull_request\":{\"number\":\"42\"}}", "The payload's 'pull_request.number' is a string, expected a whole number.")]
    [InlineData("{\"action\":\"opened\",\"pull_request\":{\"number\":1e30}}", "The payload's 'pull_request.number' is a number, expected a whole number.")]
    [InlineData("{\"action\":\"opened\",\"pull_request\":{\"number\":4.5}}", "expected a whole number")]
    [InlineData("{\"action\":\"opened\",\"pull_request\":{\"number\":-3}}", "The payload's 'pull_request.number' is -3, expected a pull request number.")]
    [InlineData("{\"action\":\"opened\",\"pull_request\":{\"number\":3000000000}}", "expected a pull request number")]
    [InlineData("{\"action\":\"opened\",\"pull_request\":{\"number\":1,\"base\":{}}}", "The payload has no 'pull_request.head'; expected an object.")]
    [InlineData("{\"action\":\"opened\",\"pull_request\":{\"number\":1,\"head\":{\"sha\":\"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\",\"ref\":\"-x\"},\"base\":{\"ref\":\"main\"}},\"repository\":{\"full_name\":\"a/b\"}}", "'pull_request.head.ref' is '-x', which is not a name git allows")]
    public void A_pull_request_body_of_the_wrong_shape_is_malformed_and_says_what_is_wrong(string body, string expected)
    {
        AssertMalformed(Signed("pull_request", body), expected);
    }

    [Fact]
    public void Json_nested_deeper_than_any_payload_is_refused()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);

        AssertMalformed(Signed("push", deep), "depth");
    }

    [Fact]
    public void A_body_of_a_megabyte_of_nesting_is_refused()
    {
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200_000)));

        AssertMalformed(Signed("push", body), "not valid JSON");
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_refused()
    {
        var body = Encoding.Latin1.GetBytes("{\"ref\":\"refs/heads/caf\u00e9\"}");

        AssertMalformed(Signed("push", body), "not UTF-8");
    }

    [Fact]
    public void A_lone_surrogate_escape_is_refused()
    {
        AssertMalformed(Signed("push", "{\"ref\":\"refs/heads/\\ud800\"}"), "The payload's 'ref' holds a \\u escape of half a character");
    }

    [Fact]
    public void A_lone_surrogate_in_a_field_sluice_only_hands_on_is_refused_too()
    {
        var body = Edit(Sample("gitea-push.json"), "Webhooks for the shop", "Broken \\udc00 text");

        AssertMalformed(WebhookVerifier.Verify(Gitea("push", body), body, Secret), "The payload's 'head_commit.message' holds a \\u escape of half a character");
    }

    [Theory]
    [InlineData("12")]
    [InlineData("{}")]
    public void A_gitlab_commit_whose_id_is_not_a_commit_id_is_not_the_head_commit(string id)
    {
        var body = Edit(Sample("gitlab-push.json"), "\"id\": \"da1560886d4f094c3e6c9ef40349f7d38b5d27d7\"", "\"id\": " + id);

        var result = WebhookVerifier.Verify(GitLab("Push Hook"), body, Secret);

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal("null", At(result.Event.PayloadJson, "head_commit"));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_allowed()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Sample("github-push.json")).ToArray();

        Assert.True(Signed("push", body).IsAccepted);
    }

    [Fact]
    public void A_branch_name_outside_ascii_is_a_branch_name()
    {
        var body = Edit(Sample("github-push.json"), "\"refs/heads/main\"", "\"refs/heads/caf\u00e9/\u00fcber\"");

        Assert.Equal("refs/heads/caf\u00e9/\u00fcber", Signed("push", body).Event!.Ref);
    }

    [Fact]
    public void A_huge_body_is_refused_by_size_whatever_it_holds()
    {
        var body = new byte[WebhookVerifier.DefaultMaxBodyBytes + 1];

        var result = WebhookVerifier.Verify(GitHub("push", body), body, Secret);

        Assert.Equal(WebhookRefusal.BodyTooLarge, result.Refusal);
    }

    [Fact]
    public void Random_bytes_with_random_headers_never_throw()
    {
        var names = Gen.OneOf<string>(
            "X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256", "X-Gitea-Event", "X-Gitea-Signature", "X-Forgejo-Event",
            "X-Gitlab-Event", "X-Gitlab-Token", "Idempotency-Key", "Content-Type", "x-github-event");
        var values = Gen.OneOf(
            Gen.OneOf<string>("push", "pull_request", "Push Hook", "Merge Request Hook", "Tag Push Hook", "ping", "application/x-www-form-urlencoded", "sha256=", Secret),
            Gen.String);
        var headers = Gen.Select(names, values).Array[0, 8];
        Gen.Select(headers, Gen.Byte.Array[0, 400]).Sample((pairs, body) =>
        {
            var h = pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2);
            var result = WebhookVerifier.Verify(h, body, Secret);
            Assert.False(string.IsNullOrEmpty(result.Reason));
            Assert.Equal(result.Outcome == WebhookOutcome.Accepted, result.Event is not null);
        });
    }

    [Fact]
    public void Signed_random_json_shapes_never_throw()
    {
        var scalar = Gen.OneOf(Gen.OneOf<string>("null", "true", "1", "-1", "1e999", "\"refs/heads/main\"", "\"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\"", "\"\"", "\"\\ud800\""), Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var fields = Gen.OneOf<string>("ref", "before", "after", "deleted", "repository", "full_name", "commits", "head_commit", "id", "added",
            "action", "number", "pull_request", "head", "base", "sha", "repo", "object_attributes", "iid", "last_commit", "project", "path_with_namespace", "checkout_sha");
        var value = Gen.Recursive<string>((depth, inner) => depth >= 4
            ? scalar
            : Gen.Frequency(
                (3, scalar),
                (2, Gen.Select(fields, inner).Array[0, 5].Select(pairs => "{" + string.Join(',', pairs.DistinctBy(p => p.Item1).Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}")),
                (1, inner.Array[0, 3].Select(items => "[" + string.Join(',', items) + "]"))));
        var hosts = Gen.OneOf<string>("push", "pull_request", "Push Hook", "Tag Push Hook", "Merge Request Hook");
        Gen.Select(hosts, value).Sample((hostEvent, json) =>
        {
            var body = Encoding.UTF8.GetBytes(json);
            var headers = hostEvent.Contains(' ', StringComparison.Ordinal) ? GitLab(hostEvent) : GitHub(hostEvent, body);
            var result = WebhookVerifier.Verify(headers, body, Secret);
            Assert.NotEqual(WebhookOutcome.BadSignature, result.Outcome);
            Assert.Equal(result.Outcome == WebhookOutcome.Accepted, result.Event is not null);
        });
    }
}
