using System.Globalization;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// The <c>runs.using</c> values of JavaScript actions. GitHub runs <c>node20</c> and <c>node24</c> actions with
/// those versions; <c>node12</c> and <c>node16</c> have reached end of life and GitHub runs such actions on
/// Node.js 20 with a warning, which is what happens here too.
/// </summary>
internal static class NodeVersions
{
    private static readonly string[] Known = ["node12", "node16", "node20", "node24"];

    public static bool IsKnown(string value) => Known.Contains(value, StringComparer.OrdinalIgnoreCase);

    public static bool IsRetired(string value) => value.Equals("node12", StringComparison.OrdinalIgnoreCase) || value.Equals("node16", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Node.js major version GitHub runs the action with: 20 for the retired ones.</summary>
    public static int RunsWith(string value) => IsRetired(value) ? 20 : int.Parse(value.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The major version in <c>node --version</c> output (<c>v20.11.1</c>), or null.</summary>
    public static int? MajorOf(string versionOutput)
    {
        var text = versionOutput.Trim().TrimStart('v');
        var dot = text.IndexOf('.');
        return int.TryParse(dot < 0 ? text : text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null;
    }

    public static string RetiredWarning(string uses, string value) =>
        $"'{uses}' declares 'using: {value}': Node.js {value[4..]} has reached end of life and GitHub runs such actions on Node.js 20; it runs here with the installed node. Ask the action's authors for a node20 or node24 release.";
}
