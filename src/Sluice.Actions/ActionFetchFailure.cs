namespace Sluice.Actions;

/// <summary>Why a repository could not be fetched.</summary>
public enum ActionFetchFailure
{
    /// <summary>The owner, repository or ref is not a name the store gives to git (it could be read as an option or a path).</summary>
    InvalidReference,

    /// <summary>The host answered, and has no such tag, branch or commit.</summary>
    RefNotFound,

    /// <summary>The host answered, and has no such repository.</summary>
    RepositoryNotFound,

    /// <summary>The host could not be reached or did not answer in time (and the cache could not answer instead).</summary>
    HostUnreachable,

    /// <summary>The repository needs a token, or the token given was refused.</summary>
    AuthenticationFailed,

    /// <summary>Anything else: git missing, the disk full, a host answering something unexpected.</summary>
    Other,
}
