namespace Sluice.Quality.History;

/// <summary>A test failing now that passed in the base branch's latest run.</summary>
public sealed record NewFailure(string Id, string? Message);

/// <summary>
/// The new failures of a run: how many, how many of them are not quarantined (these fail the gate), and the first
/// few by id with their messages, for a person to act on.
/// </summary>
public sealed record NewFailureReport(int Count, int Unquarantined, IReadOnlyList<NewFailure> Listed)
{
    /// <summary>How many new failures a report lists.</summary>
    public const int MaxListed = 200;

    public static NewFailureReport None { get; } = new(0, 0, []);
}
