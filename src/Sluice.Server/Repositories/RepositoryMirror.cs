using System.Collections.Concurrent;
using Sluice.Server.Storage;
using Sluice.Server.Storage.Blobs;

namespace Sluice.Server.Repositories;

/// <summary>
/// The server's bare copy of each repository (DATA/repos/ID.git), fetched from its URL or path. Runs read their
/// workflows from it at the run's commit, and agents get the commit from it as a git bundle, so that agents need to
/// reach only the server. The copies are a cache of the repositories' URLs: with replicas each has its own, in its own
/// data folder.
/// </summary>
public sealed class RepositoryMirror(string root)
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();

    public string PathOf(RepositoryRecord repository) => Path.Combine(root, repository.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".git");

    /// <summary>Fetches every branch and tag; returns the default branch (what <c>HEAD</c> names at the source).</summary>
    public async Task<string> FetchAsync(RepositoryRecord repository, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(repository, cancellationToken).ConfigureAwait(false);
        var path = PathOf(repository);
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            Check(await Git.RunAsync(path, ["init", "--quiet", "--bare"], cancellationToken).ConfigureAwait(false), repository, "prepare a copy of");
        }

        Check(
            await Git.RunAsync(path, ["fetch", "--quiet", "--prune", "--force", "--", repository.Url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], cancellationToken).ConfigureAwait(false),
            repository,
            "fetch");
        var head = await Git.RunAsync(path, ["ls-remote", "--symref", "--", repository.Url, "HEAD"], cancellationToken).ConfigureAwait(false);
        var line = head.Output.Split('\n').FirstOrDefault(l => l.StartsWith("ref: refs/heads/", StringComparison.Ordinal));
        return line is null ? repository.DefaultBranch ?? "main" : line["ref: refs/heads/".Length..].Split('\t')[0];
    }

    /// <summary>Fetches one ref of the source that the branch and tag fetch does not bring (a pull request's head), into <c>refs/sluice/fetched/...</c>.</summary>
    public async Task FetchRefAsync(RepositoryRecord repository, string reference, CancellationToken cancellationToken)
    {
        if (!reference.StartsWith("refs/", StringComparison.Ordinal) || reference.Contains("..", StringComparison.Ordinal) || reference.Any(c => char.IsControl(c) || c is ' ' or ':' or '*' or '?' or '[' or '\\' or '^' or '~'))
        {
            throw new RepositoryException($"'{reference}' is not a ref that can be fetched");
        }

        using var held = await LockAsync(repository, cancellationToken).ConfigureAwait(false);
        Check(
            await Git.RunAsync(PathOf(repository), ["fetch", "--quiet", "--force", "--", repository.Url, $"+{reference}:refs/sluice/fetched/{reference["refs/".Length..]}"], cancellationToken).ConfigureAwait(false),
            repository,
            $"fetch {reference} of");
    }

    /// <summary>
    /// The right to fetch into a repository's copy: one fetch at a time in this process (a semaphore) and across
    /// processes (a lock file beside the copy), since two servers may be started on one data folder.
    /// </summary>
    private async Task<IDisposable> LockAsync(RepositoryRecord repository, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(repository.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await ExclusiveFile.AcquireAsync(PathOf(repository) + ".lock", TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return new Held(gate, file);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Held(SemaphoreSlim gate, ExclusiveFile file) : IDisposable
    {
        public void Dispose()
        {
            file.Dispose();
            gate.Release();
        }
    }

    /// <summary>Every branch of the copy with its commit (for polling: what changed since the last look).</summary>
    public async Task<IReadOnlyDictionary<string, string>> BranchesAsync(RepositoryRecord repository, CancellationToken cancellationToken)
    {
        var list = await Git.RunAsync(PathOf(repository), ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/"], cancellationToken).ConfigureAwait(false);
        return list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    /// <summary>The commit a ref names (a branch, a tag, a full ref or a sha), or null.</summary>
    public async Task<string?> ResolveAsync(RepositoryRecord repository, string reference, CancellationToken cancellationToken)
    {
        if (reference.StartsWith('-'))
        {
            return null;
        }

        var result = await Git.RunAsync(PathOf(repository), ["rev-parse", "--verify", "--quiet", "--end-of-options", reference + "^{commit}"], cancellationToken).ConfigureAwait(false);
        return result.Ok ? result.Output.Trim() : null;
    }

    /// <summary>The workflow files (<c>.github/workflows/*.yml</c> and <c>.yaml</c>) at the commit, with their text.</summary>
    public async Task<IReadOnlyList<(string File, string Text)>> WorkflowsAsync(RepositoryRecord repository, string sha, CancellationToken cancellationToken)
    {
        await EnsureCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false);
        var path = PathOf(repository);
        var list = await Git.RunAsync(path, ["ls-tree", "--name-only", sha, ".github/workflows/"], cancellationToken).ConfigureAwait(false);
        if (!list.Ok)
        {
            return [];
        }

        var files = new List<(string, string)>();
        foreach (var file in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var show = await Git.RunAsync(path, ["show", $"{sha}:{file}"], cancellationToken).ConfigureAwait(false);
            if (show.Ok)
            {
                files.Add((file, show.Output));
            }
        }

        return files;
    }

    /// <summary>The text of one file at the commit, or null when the commit has no such file.</summary>
    public async Task<string?> FileAtAsync(RepositoryRecord repository, string sha, string path, CancellationToken cancellationToken)
    {
        await EnsureCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false);
        var show = await Git.RunAsync(PathOf(repository), ["show", "--end-of-options", $"{sha}:{path}"], cancellationToken).ConfigureAwait(false);
        return show.Ok ? show.Output : null;
    }

    /// <summary>
    /// When the oldest commit that <paramref name="sha"/> brings over <paramref name="since"/> was made (the commit itself
    /// when <paramref name="since"/> is null, unknown or not before it): what DORA's lead time counts from. Null when unknown.
    /// </summary>
    public async Task<DateTimeOffset?> OldestNewCommitAtAsync(RepositoryRecord repository, string sha, string? since, CancellationToken cancellationToken)
    {
        var path = PathOf(repository);
        var range = since is { Length: > 0 } && since != sha && !since.StartsWith('-') ? $"{since}..{sha}" : null;
        var log = range is null ? null : await Git.RunAsync(path, ["log", "--format=%ct", "--end-of-options", range], cancellationToken).ConfigureAwait(false);
        if (log is null || !log.Ok || log.Output.Trim().Length == 0)
        {
            log = await Git.RunAsync(path, ["log", "-1", "--format=%ct", "--end-of-options", sha], cancellationToken).ConfigureAwait(false);
        }

        var times = log.Ok
            ? log.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(t => long.TryParse(t.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : (long?)null).OfType<long>().ToList()
            : [];
        return times.Count == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(times.Min());
    }

    /// <summary>The files changed between two commits (for <c>paths</c> filters), or null when unknown.</summary>
    public async Task<IReadOnlyList<string>?> ChangedPathsAsync(RepositoryRecord repository, string before, string sha, CancellationToken cancellationToken)
    {
        if (before.All(c => c == '0'))
        {
            return null;
        }

        var diff = await Git.RunAsync(PathOf(repository), ["diff", "--name-only", "--no-renames", before, sha, "--"], cancellationToken).ConfigureAwait(false);
        return diff.Ok ? diff.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries) : null;
    }

    /// <summary>Writes a git bundle holding <paramref name="sha"/> (and its history) under the ref <c>refs/sluice/run</c>.</summary>
    public async Task BundleAsync(RepositoryRecord repository, string sha, Stream output, CancellationToken cancellationToken)
    {
        await EnsureCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false);
        var path = PathOf(repository);
        var name = "refs/sluice/commits/" + sha;
        Check(await Git.RunAsync(path, ["update-ref", name, sha], cancellationToken).ConfigureAwait(false), repository, "mark the commit of");
        var bundle = await Git.RunAsync(path, ["bundle", "create", "--quiet", "-", name], cancellationToken, output).ConfigureAwait(false);
        Check(bundle, repository, "bundle");
    }

    /// <summary>
    /// Fetches when this copy lacks the commit: another replica (with a copy of its own) may have started the run, or
    /// this one started on an empty data folder. Branches and tags first; then the commit itself, for one only a pull
    /// request's ref reaches (hosts that let a commit be fetched by its id). Still missing, the caller's git says so.
    /// </summary>
    public async Task EnsureCommitAsync(RepositoryRecord repository, string sha, CancellationToken cancellationToken)
    {
        if (await HasCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false) || sha.Length == 0 || sha.StartsWith('-'))
        {
            return;
        }

        await FetchAsync(repository, cancellationToken).ConfigureAwait(false);
        if (!await HasCommitAsync(repository, sha, cancellationToken).ConfigureAwait(false) && sha.All(char.IsAsciiHexDigit))
        {
            using var held = await LockAsync(repository, cancellationToken).ConfigureAwait(false);
            await Git.RunAsync(PathOf(repository), ["fetch", "--quiet", "--", repository.Url, $"{sha}:refs/sluice/fetched/commits/{sha}"], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> HasCommitAsync(RepositoryRecord repository, string sha, CancellationToken cancellationToken) =>
        Directory.Exists(PathOf(repository))
        && (await Git.RunAsync(PathOf(repository), ["cat-file", "-e", "--end-of-options", sha + "^{commit}"], cancellationToken).ConfigureAwait(false)).Ok;

    private static void Check(Git.Result result, RepositoryRecord repository, string what)
    {
        if (!result.Ok)
        {
            throw new RepositoryException($"could not {what} repository '{repository.Name}' ({repository.Url}): {result.Error.Trim()}");
        }
    }
}

/// <summary>A repository the server cannot fetch or read; the message says which and why.</summary>
public sealed class RepositoryException(string message) : Exception(message);
