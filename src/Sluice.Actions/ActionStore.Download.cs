using System.Globalization;
using Sluice.Actions.Cache;
using Sluice.Actions.Git;
using Sluice.Actions.Tree;

namespace Sluice.Actions;

/// <summary>
/// Getting a commit's files into the cache once, however many threads and processes ask: under the entry's
/// exclusive lock, into <c>COMMIT.partial</c>, then renamed into place, so no one ever sees half a copy.
/// </summary>
public sealed partial class ActionStore
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    /// <summary>How many looks (about two seconds) an entry may be missing while held before that is taken as final.</summary>
    private const int GoneWhileHeldLimit = 12;

    /// <summary>A shared lock on a complete entry, downloading it first when no process has.</summary>
    private async Task<Lease> AcquireAsync(CacheEntry entry, RepositoryRef requested, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(entry.Folder)!);
        var downloaded = false;
        IReadOnlyList<string> notes = [];
        var waitingSince = _time.GetUtcNow();
        var pause = FirstPause;
        var goneWhileHeld = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shared = EntryLock.TryShared(entry.LockFile);
            if (shared is not null)
            {
                if (Directory.Exists(entry.Folder))
                {
                    Touch(entry);
                    var lease = new Lease(entry, shared, downloaded, notes);
                    Hold(lease);
                    if (downloaded)
                    {
                        EvictQuietly();
                    }

                    return lease;
                }

                shared.Dispose();
                ThrowWhenHostCannotBeAsked(entry);
                var exclusive = EntryLock.TryExclusive(entry.LockFile);
                if (exclusive is not null)
                {
                    using (exclusive)
                    {
                        if (!Directory.Exists(entry.Folder))
                        {
                            notes = await DownloadAsync(entry, requested, cancellationToken).ConfigureAwait(false);
                            downloaded = true;
                        }
                    }

                    // Taken again shared, above: between the two an evictor may have removed it, and then it is fetched again.
                    continue;
                }

                // Nobody writes it, yet somebody holds it: a download about to start, or a process using a folder
                // that was removed under it by hand, which no waiting mends.
                if (++goneWhileHeld >= GoneWhileHeldLimit)
                {
                    throw Failure(ActionFetchFailure.Other, $"{entry.Folder} is gone from the action cache while another process uses it (was the cache cleaned by hand?); it can be fetched again once that process ends", $"waiting for the lock of {entry.Key}");
                }
            }
            else
            {
                goneWhileHeld = 0;
            }

            Hooks.WaitingForLock?.Invoke(entry.Folder);
            var waited = _time.GetUtcNow() - waitingSince;
            if (waited > LockWaitLimit)
            {
                throw Failure(ActionFetchFailure.Other, $"another process has held {entry.LockFile} for {(int)waited.TotalSeconds} s (a download that is stuck?); stop it, or if no other Sluice is running, try again", $"waiting for the lock of {entry.Key}");
            }

            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    /// <summary>Offline, or after the host failed to answer in this store, a commit missing from the cache cannot be had.</summary>
    private void ThrowWhenHostCannotBeAsked(CacheEntry entry)
    {
        if (_options.Offline || _hostDown is not null)
        {
            var why = _options.Offline ? "the store is offline" : $"{Host} could not be reached ({_hostDown})";
            throw Failure(ActionFetchFailure.HostUnreachable, $"{why}, and commit {entry.Commit} of {entry.Owner}/{entry.Repository} is not in the cache", "nothing: the host is not asked");
        }
    }

    /// <summary>Another process's download gets this long (ten network timeouts) before waiting for it is given up.</summary>
    private TimeSpan LockWaitLimit => _options.NetworkTimeout * 10;

    /// <summary>Fetches the commit into a fresh bare repository, exports its tree, and renames it into place; returns notes for the log.</summary>
    private async Task<IReadOnlyList<string>> DownloadAsync(CacheEntry entry, RepositoryRef requested, CancellationToken cancellationToken)
    {
        var commit = entry.Commit;
        ThrowWhenHostCannotBeAsked(entry);
        DeleteTree(entry.PartialFolder);
        var gitDirectory = Path.Combine(entry.PartialFolder, "git");
        var files = Path.Combine(entry.PartialFolder, "files");
        ExtractedTree? tree = null;
        try
        {
            Directory.CreateDirectory(entry.PartialFolder);
            await RunLocalAsync(["init", "--bare", "--quiet", gitDirectory], "git init --bare", cancellationToken).ConfigureAwait(false);
            await FetchAsync(gitDirectory, requested, commit, cancellationToken).ConfigureAwait(false);
            var export = await _git.RunAsync(
                [$"--git-dir={gitDirectory}", "archive", "--format=tar", "--end-of-options", commit],
                $"git archive {commit}",
                async (tar, token) => tree = await TreeExtractor.ExtractAsync(tar, files, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (!export.Succeeded || tree is null)
            {
                throw Failure(ActionFetchFailure.Other, $"the files of {entry.Key} could not be exported: {export.Reason}", $"git archive {commit}");
            }

            File.WriteAllText(entry.SizeFile, tree.Bytes.ToString(CultureInfo.InvariantCulture));
            Directory.Move(files, entry.Folder);
        }
        finally
        {
            try
            {
                DeleteTree(entry.PartialFolder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the next process that takes the entry's lock, or for eviction.
            }
        }

        return tree.LeftOut.Count == 0
            ? []
            : [$"left out of {entry.Owner}/{entry.Repository} at {commit}: {string.Join("; ", tree.LeftOut)}"];
    }

    /// <summary>
    /// Fetches only the commit (depth 1), by SHA, as GitHub and any host on git's protocol v2 allow. A host that
    /// hands out only the commits it advertises (git's protocol v0 outside HTTP) gets its branches and tags
    /// fetched in full instead, and the commit is looked for among them.
    /// </summary>
    private async Task FetchAsync(string gitDirectory, RepositoryRef requested, string commit, CancellationToken cancellationToken)
    {
        var location = Host.RepositoryLocation(requested.Owner, requested.Repository);
        var shown = Host.RepositoryDisplay(requested.Owner, requested.Repository);
        var fetch = new[] { $"--git-dir={gitDirectory}", "fetch", "--no-tags", "--no-write-fetch-head", "--progress" };
        var tried = $"git fetch --depth=1 {shown} {commit}";
        var outcome = await _git.RunAsync([.. fetch, "--depth=1", "--end-of-options", location, commit], tried, cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            return;
        }

        ThrowWhenRepositoryFailed(outcome, requested, tried);
        if (!outcome.Error.Contains("unadvertised object", StringComparison.Ordinal))
        {
            throw outcome.Error.Contains("not our ref", StringComparison.Ordinal)
                ? Failure(ActionFetchFailure.RefNotFound, $"{requested.Owner}/{requested.Repository} at {Host} has no commit {commit} (or none that a branch or tag reaches)", tried)
                : Failure(ActionFetchFailure.Other, $"git could not fetch {commit} of {requested.Owner}/{requested.Repository} from {Host}: {outcome.Reason}", tried);
        }

        tried += $", then (the host hands out no commit by SHA) git fetch {shown} refs/heads/* refs/tags/*";
        outcome = await _git.RunAsync([.. fetch, "--end-of-options", location, "+refs/heads/*:refs/sluice/heads/*", "+refs/tags/*:refs/sluice/tags/*"], tried, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            ThrowWhenRepositoryFailed(outcome, requested, tried);
            throw Failure(ActionFetchFailure.Other, $"git could not fetch {commit} of {requested.Owner}/{requested.Repository} from {Host}: {outcome.Reason}", tried);
        }

        var present = await _git.RunAsync([$"--git-dir={gitDirectory}", "cat-file", "-e", $"{commit}^{{commit}}"], $"git cat-file -e {commit}", cancellationToken).ConfigureAwait(false);
        if (!present.Succeeded)
        {
            throw Failure(ActionFetchFailure.RefNotFound, $"{requested.Owner}/{requested.Repository} at {Host} has no commit {commit} on any branch or tag", tried);
        }
    }

    private void ThrowWhenRepositoryFailed(GitOutcome outcome, RepositoryRef requested, string tried)
    {
        var failure = GitFailures.Classify(outcome);
        if (failure == ActionFetchFailure.HostUnreachable)
        {
            _hostDown = Unreachable(outcome);
        }

        if (failure is not null)
        {
            throw RepositoryFailure(failure.Value, requested, outcome, tried);
        }
    }

    private async Task RunLocalAsync(IReadOnlyList<string> arguments, string tried, CancellationToken cancellationToken)
    {
        var outcome = await _git.RunAsync(arguments, tried, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            throw Failure(ActionFetchFailure.Other, $"{tried} failed in the action cache {CacheDirectory}: {outcome.Reason}", tried);
        }
    }

    /// <summary>Removes a folder and what is in it, links included but never what they point at.</summary>
    private static void DeleteTree(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
