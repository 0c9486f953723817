namespace Sluice.Quality.History;

/// <summary>A test failing now that passed in the base branch's latest run.</summary>
public sealed record NewFailure(string Id, string? Message);
