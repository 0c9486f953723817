namespace Sluice.Actions;

/// <summary>
/// A repository could not be fetched. The message says what failed and what to do; <see cref="Tried"/> says what
/// was tried (the git command, without any credential). No token is ever part of either.
/// </summary>
public sealed class ActionFetchException(ActionFetchFailure failure, string message, string tried, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ActionFetchFailure Failure { get; } = failure;

    /// <summary>What was tried, e.g. <c>git ls-remote https://github.com/acme/x refs/tags/v9 refs/heads/v9</c>.</summary>
    public string Tried { get; } = tried;

    /// <summary>True when trying again later may help (the host did not answer).</summary>
    public bool IsTransient => Failure == ActionFetchFailure.HostUnreachable;
}
