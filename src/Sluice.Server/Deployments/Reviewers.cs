namespace Sluice.Server.Deployments;

/// <summary>
/// Who may review an environment's deployments: its reviewers name token owners, a person as <c>alice</c> or
/// <c>user:alice</c>, a machine as <c>automation:NAME</c> (names compared without regard to case).
/// </summary>
public static class Reviewers
{
    /// <summary>The reviewer the owner of a token is, as the environment names them; null when none of them.</summary>
    public static string? Of(string? owner, IReadOnlyList<string> reviewers)
    {
        ArgumentNullException.ThrowIfNull(reviewers);
        if (owner is null)
        {
            return null;
        }

        return reviewers.FirstOrDefault(r => string.Equals(r, owner, StringComparison.OrdinalIgnoreCase)
            || (!r.Contains(':', StringComparison.Ordinal) && string.Equals("user:" + r, owner, StringComparison.OrdinalIgnoreCase)));
    }
}
