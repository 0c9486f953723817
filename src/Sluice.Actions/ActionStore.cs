using Sluice.Actions.Cache;
using Sluice.Actions.Git;

namespace Sluice.Actions;

/// <summary>
/// Other repositories' actions and reusable workflows, fetched with git from an actions host into a cache shared
/// by every run and process on the machine, keyed by commit. Thread-safe; one per run is the intended use: the
/// repositories it returns stay in the cache (they are not evicted) until it is disposed or its process ends.
/// </summary>
/// <remarks>
/// Rules, in short: a full commit SHA never asks the host; a tag or branch is resolved by the host once per store
/// (or less often with <see cref="ActionStoreOptions.RefLifetime"/>), the tag winning when both exist, and the
/// answer is recorded, so when the host cannot be reached the last answer is used instead, with a note. A
/// commit is downloaded once however many threads and processes ask for it at the same time. After a download
/// the least recently used repositories not in use are evicted until the cache is under its size bound.
/// </remarks>
public sealed partial class ActionStore : IDisposable
{
    private readonly ActionStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly CacheLayout _layout;
    private readonly RefRecords _refRecords;
    private readonly Redactor _redactor;
    private readonly GitRunner _git;
    private readonly SingleFlight<Resolution> _resolutions = new();
    private readonly SingleFlight<Lease> _leases = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private readonly List<Lease> _held = [];
    private bool _disposed;

    /// <exception cref="ArgumentException">An option cannot work; the message names it.</exception>
    public ActionStore(ActionStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _layout = new CacheLayout(options.CacheDirectory);
        _refRecords = new RefRecords(_layout, options.Host.CacheKey);
        _redactor = new Redactor(options.Token);
        _git = new GitRunner(
            options.GitPath,
            environment => GitEnvironment.Apply(environment, _layout.Home, options.Host, options.Token, Hooks.ExtraGitConfig),
            _layout.Root,
            time,
            options.NetworkTimeout,
            Hooks);
    }

    /// <summary>The cache folder, absolute.</summary>
    public string CacheDirectory => _layout.Root;

    /// <summary>The host repositories are fetched from.</summary>
    public ActionsHost Host => _options.Host;

    internal StoreHooks Hooks { get; } = new();

    /// <summary>
    /// Resolves the ref to a commit (a full SHA is taken as it is) and returns the folder holding the repository's
    /// files at that commit, downloading them only when no copy is cached. Concurrent calls for the same commit, in
    /// this process or in other processes on the machine, download once.
    /// </summary>
    /// <exception cref="ActionFetchException">The reference is refused, or the host or the cache cannot answer; <see cref="ActionFetchException.Failure"/> says which.</exception>
    public async Task<FetchedRepository> GetAsync(RepositoryRef repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (repository.Problem() is { } problem)
        {
            throw new ActionFetchException(ActionFetchFailure.InvalidReference, $"'{Printable.Of(repository.ToString())}' cannot be fetched: {problem}", "nothing: the reference was refused before git ran");
        }

        EnsureCacheFolder();
        try
        {
            var resolution = await ResolveAsync(repository).WaitAsync(cancellationToken).ConfigureAwait(false);
            var entry = _layout.Entry(repository.Owner, repository.Repository, resolution.Commit);
            var (leasing, alreadyHeld) = _leases.Run(entry.Key, () => AcquireAsync(entry, repository, _lifetime.Token));
            var lease = await leasing.WaitAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> notes = alreadyHeld ? resolution.Notes : [.. resolution.Notes, .. lease.Notes];
            return new FetchedRepository(repository, resolution.Commit, entry.Folder, lease.Downloaded && !alreadyHeld, notes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(ActionFetchFailure.Other, $"the action cache {_layout.Root} could not be used for {repository}: {ex.Message}; check that this user can write it and that the disk has room", $"writing {repository} into the action cache", ex);
        }
    }

    /// <summary>Releases the repositories this store returned, so they may be evicted once no other process uses them.</summary>
    public void Dispose()
    {
        List<Lease> held;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            held = [.. _held];
            _held.Clear();
        }

        _lifetime.Cancel();
        foreach (var lease in held)
        {
            Touch(lease.Entry);
            lease.Lock.Dispose();
        }

        _lifetime.Dispose();
    }

    private void EnsureCacheFolder()
    {
        try
        {
            Directory.CreateDirectory(_layout.Home);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ActionFetchException(ActionFetchFailure.Other, $"the action cache folder {_layout.Root} cannot be created: {ex.Message}; give a folder this user can write", "nothing: the cache folder is not usable", ex);
        }
    }

    /// <summary>Keeps a lease until the store is disposed (or gives it back at once when it already is).</summary>
    private void Hold(Lease lease)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _held.Add(lease);
                return;
            }
        }

        lease.Lock.Dispose();
        throw new ObjectDisposedException(nameof(ActionStore));
    }

    /// <summary>Records a use: the entry's folder time is its last use, which eviction goes by.</summary>
    private void Touch(CacheEntry entry)
    {
        try
        {
            Directory.SetLastWriteTimeUtc(entry.Folder, _time.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's entry in a shared cache: its time stays as it is, which only makes it evicted sooner.
        }
    }

    /// <summary>A message with the token taken out, and what was tried appended.</summary>
    private ActionFetchException Failure(ActionFetchFailure failure, string message, string tried, Exception? inner = null) =>
        new(failure, _redactor.Redact($"{message} (tried: {tried})"), _redactor.Redact(tried), inner);
}
