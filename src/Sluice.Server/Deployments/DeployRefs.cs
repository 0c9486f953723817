using Sluice.Engine.Planning;

namespace Sluice.Server.Deployments;

/// <summary>
/// Which refs may deploy to an environment: patterns in GitHub's filter syntax (<c>main</c>, <c>release/*</c>,
/// <c>v*</c>), each matched against the branch or tag name, or, when it starts with <c>refs/</c>, against the whole ref.
/// No pattern: any ref may.
/// </summary>
public static class DeployRefs
{
    public static bool Allows(IReadOnlyList<string> patterns, string reference)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(reference);
        if (patterns.Count == 0)
        {
            return true;
        }

        var name = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..]
            : reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? reference["refs/tags/".Length..]
            : reference;
        return patterns.Any(pattern => FilterPattern.IsMatch(pattern, pattern.StartsWith("refs/", StringComparison.Ordinal) ? reference : name));
    }
}
