using System.Text.RegularExpressions;

namespace Sluice.Engine.Execution.Setup;

/// <summary>How to find one tool on this machine and read its versions.</summary>
public sealed partial record InstalledTool(string Action, string Program, string[] VersionArguments, string InputName, Func<string, IEnumerable<string>> ParseVersions)
{
    public static readonly InstalledTool[] All =
    [
        new("actions/setup-dotnet", "dotnet", ["--list-sdks"], "dotnet-version", output => Lines(output).Select(l => l.Split(' ')[0])),
        new("actions/setup-node", "node", ["--version"], "node-version", output => Lines(output).Select(l => l.TrimStart('v'))),
        new("actions/setup-python", "python3", ["--version"], "python-version", output => Lines(output).Select(l => l.Replace("Python ", "", StringComparison.Ordinal))),
        new("actions/setup-go", "go", ["version"], "go-version", output => VersionIn(output)),
        new("actions/setup-java", "java", ["-version"], "java-version", output => VersionIn(output)),
    ];

    /// <summary>True when <paramref name="installed"/> satisfies what a workflow asks for: <c>10.0.x</c>, <c>20</c>, <c>3.11</c>, <c>lts/*</c>, empty.</summary>
    public static bool Satisfies(string installed, string wanted)
    {
        wanted = wanted.Trim().TrimStart('v', '^', '~', '>', '=').Trim();
        if (wanted.Length == 0 || wanted is "*" or "x" or "latest" or "stable" || wanted.StartsWith("lts", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var want = wanted.Split('.');
        var have = installed.Split('.', '-', '+', '_');
        for (var i = 0; i < want.Length; i++)
        {
            if (want[i] is "x" or "X" or "*")
            {
                return true;
            }

            if (i >= have.Length || !string.Equals(want[i], have[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<string> VersionIn(string output) => VersionPattern().Matches(output).Select(m => m.Value);

    [GeneratedRegex(@"\d+(\.\d+)+")]
    private static partial Regex VersionPattern();
}
