namespace Sluice.Actions.Git;

/// <summary>
/// Reads why git failed to reach a repository from its messages (in English: the store runs git with LC_ALL=C).
/// Only the failures that say something about the host or the repository are told apart; the caller decides
/// what the rest mean (a ref the host does not have, a host that does not hand out commits by SHA).
/// </summary>
internal static class GitFailures
{
    private static readonly string[] Authentication =
    [
        "could not read Username", "could not read Password", "terminal prompts disabled", "Authentication failed",
        "Invalid username or password", "returned error: 401", "returned error: 403",
    ];

    private static readonly string[] MissingRepository =
    [
        "Repository not found", "does not appear to be a git repository", "returned error: 404", "' not found",
        "repository not found",
    ];

    private static readonly string[] Unreachable =
    [
        "Could not resolve host", "Could not resolve proxy", "Failed to connect", "Couldn't connect to server",
        "Connection refused", "Connection timed out", "Operation timed out", "Connection reset", "Empty reply from server",
        "Recv failure", "Network is unreachable", "No route to host", "returned error: 500", "returned error: 502",
        "returned error: 503", "returned error: 504", "the remote end hung up unexpectedly", "transfer closed",
        "early EOF", "SSL connection timeout",
    ];

    /// <summary>The failure the outcome shows, or null when it is none of the host and repository failures.</summary>
    public static ActionFetchFailure? Classify(GitOutcome outcome)
    {
        if (outcome.TimedOut)
        {
            return ActionFetchFailure.HostUnreachable;
        }

        var text = outcome.Error;
        if (Authentication.Any(s => text.Contains(s, StringComparison.Ordinal)))
        {
            return ActionFetchFailure.AuthenticationFailed;
        }

        if (MissingRepository.Any(s => text.Contains(s, StringComparison.Ordinal)))
        {
            return ActionFetchFailure.RepositoryNotFound;
        }

        if (Unreachable.Any(s => text.Contains(s, StringComparison.Ordinal)))
        {
            return ActionFetchFailure.HostUnreachable;
        }

        return null;
    }
}
