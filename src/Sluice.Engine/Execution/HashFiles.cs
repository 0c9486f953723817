using System.Security.Cryptography;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Sluice.Engine.Execution;

/// <summary>
/// <c>hashFiles(patterns...)</c> as GitHub computes it: the files of the workspace matching the patterns (a leading
/// <c>!</c> excludes), in path order, each hashed with SHA-256, and the SHA-256 of those hashes; empty when none match.
/// </summary>
public static class HashFiles
{
    public static string Compute(string workspace, IReadOnlyList<string> patterns)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var pattern in patterns)
        {
            var trimmed = pattern.Trim();
            if (trimmed.StartsWith('!'))
            {
                matcher.AddExclude(trimmed[1..]);
            }
            else if (trimmed.Length > 0)
            {
                matcher.AddInclude(trimmed);
            }
        }

        var files = matcher.GetResultsInFullPath(workspace).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return "";
        }

        using var combined = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            combined.AppendData(SHA256.HashData(stream));
        }

        return Convert.ToHexStringLower(combined.GetHashAndReset());
    }
}
