using Sluice.Server.Caches;
using Sluice.Server.Storage;

namespace Sluice.Server.Api.Tests;

/// <summary>Which saved caches a run may restore, in order: its own ref, a pull request's base branch, the default branch.</summary>
public sealed class CacheScopeTests
{
    [Fact]
    public void A_push_to_a_branch_restores_from_the_branch_then_the_default_branch()
    {
        Assert.Equal(["refs/heads/feature", "refs/heads/main"], CacheScopes.Of(Run("push", "refs/heads/feature"), "main"));
        Assert.Equal(["refs/heads/main"], CacheScopes.Of(Run("push", "refs/heads/main"), "main"));
        Assert.Equal(["refs/tags/v1.0"], CacheScopes.Of(Run("push", "refs/tags/v1.0"), null));
    }

    [Fact]
    public void A_pull_request_restores_from_its_merge_ref_then_the_branch_it_merges_into_then_the_default_branch()
    {
        Assert.Equal(
            ["refs/pull/7/merge", "refs/heads/release", "refs/heads/main"],
            CacheScopes.Of(Run("pull_request", "refs/pull/7/merge", """{"base_ref":"release","head_ref":"feature"}"""), "main"));
        Assert.Equal(["refs/pull/8/merge", "refs/heads/main"], CacheScopes.Of(Run("pull_request", "refs/pull/8/merge", """{"base_ref":"main"}"""), "main"));
    }

    [Fact]
    public void A_base_ref_outside_a_pull_request_is_not_a_scope()
    {
        // Only pull_request runs have a base branch; a push that carries base_ref (a tag push on GitHub) does not widen its scope.
        Assert.Equal(["refs/heads/feature", "refs/heads/main"], CacheScopes.Of(Run("push", "refs/heads/feature", """{"base_ref":"other"}"""), "main"));
    }

    private static RunRecord Run(string eventName, string gitRef, string github = "{}") =>
        new(1, 1, "shop", 1, "CI", ".github/workflows/ci.yml", "", eventName, gitRef, "0123456789abcdef", "{\"github\":" + github + ",\"inputs\":{},\"vars\":{}}", "alice", true, "completed", "success", false, DateTimeOffset.UnixEpoch, null);
}
