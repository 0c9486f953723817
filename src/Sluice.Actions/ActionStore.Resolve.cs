using System.Globalization;
using Sluice.Actions.Cache;
using Sluice.Actions.Git;

namespace Sluice.Actions;

/// <summary>
/// Tags and branches to commits. The host is asked (git ls-remote) once per store, and its answer recorded with
/// the time. When it cannot be reached (refused, unknown, silent past the timeout) or the store is offline, the
/// recorded answer is used, with a note saying so; a host that answers "no such ref" or "no such repository" is
/// believed, whatever the cache holds, as GitHub's runner would fail too.
/// </summary>
public sealed partial class ActionStore
{
    /// <summary>Set when the host failed to answer once: the rest of this store's work goes straight to the cache.</summary>
    private volatile string? _hostDown;

    private Task<Resolution> ResolveAsync(RepositoryRef repository)
    {
        if (repository.IsCommit)
        {
            return Task.FromResult(new Resolution(repository.Ref.ToLowerInvariant(), []));
        }

        var key = $"{repository.Owner}/{repository.Repository}@{repository.Ref}";
        return _resolutions.Run(key, () => ResolveRefAsync(repository, _lifetime.Token)).Task;
    }

    private async Task<Resolution> ResolveRefAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        var (owner, name, reference) = (repository.Owner, repository.Repository, repository.Ref);
        var recorded = _refRecords.Read(owner, name, reference);
        var patterns = RefQuery.Patterns(reference);
        var tried = $"git ls-remote {Host.RepositoryDisplay(owner, name)} {string.Join(' ', patterns)}";
        if (_options.Offline)
        {
            return recorded is not null
                ? FromRecord(recorded, "offline")
                : throw Failure(ActionFetchFailure.HostUnreachable, $"the store is offline, and '{reference}' of {owner}/{name} was never resolved on this machine; fetch it once online (sluice actions pull)", "nothing: offline");
        }

        if (recorded is not null && _options.RefLifetime > TimeSpan.Zero && _time.GetUtcNow() - recorded.ResolvedAt < _options.RefLifetime)
        {
            return new Resolution(recorded.Commit, []);
        }

        if (_hostDown is { } earlier)
        {
            return recorded is not null
                ? FromRecord(recorded, $"{Host} could not be reached earlier in this run ({earlier})")
                : throw Failure(ActionFetchFailure.HostUnreachable, $"{Host} could not be reached earlier in this run ({earlier}), and '{reference}' of {owner}/{name} was never resolved on this machine", tried);
        }

        var outcome = await _git.RunAsync(["ls-remote", "--end-of-options", Host.RepositoryLocation(owner, name), .. patterns], tried, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            var failure = GitFailures.Classify(outcome) ?? ActionFetchFailure.Other;
            if (failure == ActionFetchFailure.HostUnreachable)
            {
                var reason = Unreachable(outcome);
                _hostDown = reason;
                if (recorded is not null)
                {
                    return FromRecord(recorded, $"{Host} could not be reached ({reason})");
                }

                throw Failure(failure, $"{Host} could not be reached ({reason}), and '{reference}' of {owner}/{name} was never resolved on this machine, so the cache cannot answer instead", tried);
            }

            throw RepositoryFailure(failure, repository, outcome, tried);
        }

        if (RefQuery.Choose(reference, outcome.Output) is not { } commit)
        {
            var hint = reference.Length is >= 7 and < 40 && reference.All(char.IsAsciiHexDigit)
                ? "; a commit must be given in full (40 hex digits), as GitHub requires"
                : "";
            throw Failure(ActionFetchFailure.RefNotFound, $"{owner}/{name} at {Host} has no tag or branch '{reference}'{hint}", tried);
        }

        Record(repository, commit);
        return new Resolution(commit, []);
    }

    private Resolution FromRecord(RefRecords.Record recorded, string why) =>
        new(recorded.Commit,
            [$"{why}: using commit {recorded.Commit}, which '{recorded.Ref}' resolved to on {recorded.ResolvedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"]);

    /// <summary>Keeps the host's answer; a cache that cannot be written only costs the offline fallback.</summary>
    private void Record(RepositoryRef repository, string commit)
    {
        try
        {
            _refRecords.Write(repository.Owner, repository.Repository, repository.Ref, commit, _time.GetUtcNow());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The answer is still good for this run.
        }
    }

    private string Unreachable(GitOutcome outcome) =>
        outcome.TimedOut
            ? $"no answer within {_git.Inactivity.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
            : _redactor.Redact(outcome.Reason);

    /// <summary>The failure of a git command that reached out to the repository, worded for the user.</summary>
    private ActionFetchException RepositoryFailure(ActionFetchFailure failure, RepositoryRef repository, GitOutcome outcome, string tried)
    {
        var shown = Host.RepositoryDisplay(repository.Owner, repository.Repository);
        var message = failure switch
        {
            ActionFetchFailure.AuthenticationFailed when string.IsNullOrEmpty(_options.Token) =>
                $"{shown} asks for credentials: the repository is private, or does not exist (GitHub answers both alike); give a token that can read it",
            ActionFetchFailure.AuthenticationFailed =>
                $"{shown} refused the token given: it may have expired, or lack read access to the repository",
            ActionFetchFailure.RepositoryNotFound => $"there is no repository {repository.Owner}/{repository.Repository} at {Host} ({outcome.Reason})",
            ActionFetchFailure.HostUnreachable => $"{Host} could not be reached ({Unreachable(outcome)})",
            _ => $"git could not fetch {repository} from {Host}: {outcome.Reason}",
        };
        return Failure(failure, message, tried);
    }
}
