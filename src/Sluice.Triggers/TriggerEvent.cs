namespace Sluice.Triggers;

/// <summary>
/// An event that can start workflow runs, the same whichever host sent it: names, refs and the payload are GitHub's,
/// because that is what workflows are written against.
/// </summary>
public sealed record TriggerEvent
{
    /// <summary>The event as a workflow names it under <c>on:</c>: <c>push</c>, <c>pull_request</c>, <c>schedule</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The activity type (<c>opened</c>, <c>synchronize</c>, <c>reopened</c>, <c>closed</c>, <c>labeled</c>, ...); null for a push.</summary>
    public string? Action { get; init; }

    /// <summary><c>github.ref</c>: <c>refs/heads/main</c>, <c>refs/tags/v1</c>, and for a pull request <c>refs/pull/N/merge</c>, as on GitHub.</summary>
    public required string Ref { get; init; }

    /// <summary>The commit to run: the pushed commit (the tagged commit for a tag), or the pull request's head commit. Lower-case hex.</summary>
    public required string Sha { get; init; }

    /// <summary>The ref on the host that holds <see cref="Sha"/>, to fetch: the pushed ref, or the host's ref for the pull request's head (<c>refs/pull/N/head</c>, <c>refs/merge-requests/N/head</c>).</summary>
    public required string FetchRef { get; init; }

    /// <summary>For a push, the commit the ref pointed at before; null when the push created the ref.</summary>
    public string? Before { get; init; }

    /// <summary>For a pull request, <c>github.base_ref</c>: the branch it merges into (a name, without <c>refs/heads/</c>).</summary>
    public string? BaseRef { get; init; }

    /// <summary>For a pull request, the base branch's commit when the host sends it (GitLab does not).</summary>
    public string? BaseSha { get; init; }

    /// <summary>For a pull request, <c>github.head_ref</c>: the branch it comes from, a name.</summary>
    public string? HeadRef { get; init; }

    public int? PullRequestNumber { get; init; }

    /// <summary>
    /// The files the event changed, relative to the repository root, for <c>paths</c> filters; null when the payload does
    /// not list them all (pull requests, pushes of more commits than the host lists), and then filters let the event
    /// through unless the server computes the diff itself.
    /// </summary>
    public IReadOnlyList<string>? ChangedPaths { get; init; }

    /// <summary><c>github.actor</c>: the login of who pushed, or who acted on the pull request.</summary>
    public string? Actor { get; init; }

    /// <summary>
    /// True for a pull request whose head is in another repository (a fork, or a deleted one). Its run gets no secrets
    /// and a read-only token, as on GitHub: the code comes from someone who cannot write to the repository.
    /// </summary>
    public bool FromFork { get; init; }

    /// <summary>The repository as the host names it (<c>owner/name</c>, GitLab's <c>group/sub/project</c>); the server can check it is the one the hook URL names.</summary>
    public string? Repository { get; init; }

    public string? CloneUrl { get; init; }

    public string? DefaultBranch { get; init; }

    /// <summary><c>github.event</c> (and the file at <c>GITHUB_EVENT_PATH</c>) as JSON: GitHub's payload, or Gitea's or GitLab's with GitHub's fields added.</summary>
    public required string PayloadJson { get; init; }

    /// <summary>The ref that <c>branches</c> and <c>tags</c> filters compare: the base branch for pull requests, as on GitHub; else <see cref="Ref"/>.</summary>
    public string FilterRef => BaseRef is not null && IsPullRequest ? "refs/heads/" + BaseRef : Ref;

    /// <summary>Whether the run may see the repository's secrets: not for a fork's pull request, except as <c>pull_request_target</c>, which runs the base branch's code.</summary>
    public bool SecretsAllowed => !FromFork || Name == "pull_request_target";

    private bool IsPullRequest => Name is "pull_request" or "pull_request_target";

    /// <summary>
    /// The same pull request as <c>pull_request_target</c> sees it: the base branch's code, with secrets (even for a
    /// fork, which is why such workflows must not run the pull request's code). One delivery starts both kinds of
    /// workflow. <paramref name="baseSha"/> is for hosts that do not send the base commit (GitLab): resolve the base branch.
    /// </summary>
    public TriggerEvent AsPullRequestTarget(string? baseSha = null)
    {
        if (Name != "pull_request" || BaseRef is null)
        {
            throw new InvalidOperationException($"Only a pull_request event has a pull_request_target form; this is '{Name}'.");
        }

        var sha = baseSha ?? BaseSha ?? throw new InvalidOperationException(
            $"The host did not send the commit of the base branch '{BaseRef}'; resolve refs/heads/{BaseRef} and pass it.");
        return this with
        {
            Name = "pull_request_target",
            Ref = "refs/heads/" + BaseRef,
            Sha = sha,
            FetchRef = "refs/heads/" + BaseRef,
        };
    }
}
