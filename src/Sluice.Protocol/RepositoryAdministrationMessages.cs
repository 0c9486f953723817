namespace Sluice.Protocol;

/// <summary>A repository secret as <c>sluice secret list</c> shows it: its name and when it was last set, never its value.</summary>
public sealed record SecretView(string Name, DateTimeOffset UpdatedAt);

/// <summary>
/// A change to a repository (<c>sluice repo edit</c>); what is left out is kept. <see cref="PollSeconds"/> 0 stops
/// polling; an empty <see cref="WebhookSecret"/> removes the secret (webhooks are then refused).
/// </summary>
public sealed record RepositoryEdit(string? Url, int? PollSeconds, string? WebhookSecret);

/// <summary>A repository removed with everything of it: how many runs and cache entries went with it.</summary>
public sealed record RepositoryRemoved(string Name, int Runs, int CacheEntries);
