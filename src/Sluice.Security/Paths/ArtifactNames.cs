using System.Buffers;
using System.Text;

namespace Sluice.Security.Paths;

/// <summary>
/// GitHub's rules for artifact names and the paths of the files in an artifact (<c>actions/upload-artifact</c> refuses
/// the same), plus the rules of <see cref="SafePath"/>, because a name becomes a folder and a file path a file.
/// </summary>
public static class ArtifactNames
{
    /// <summary>The longest name, in UTF-8 bytes: the longest file name Linux allows, since a name becomes a folder.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The characters <c>upload-artifact</c> refuses in a name.</summary>
    private static readonly SearchValues<char> ForbiddenInName = SearchValues.Create("\":<>|*?\r\n\\/");

    /// <summary>The characters <c>upload-artifact</c> refuses in the path of a file in an artifact (NTFS cannot hold them).</summary>
    private static readonly SearchValues<char> ForbiddenInFilePath = SearchValues.Create("\":<>|*?\r\n");

    /// <summary>Why <paramref name="name"/> cannot be an artifact name, or null when it can.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Trim().Length == 0)
        {
            return "The artifact name is empty.";
        }

        if (name is "." or ".." || name.AsSpan().ContainsAny(ForbiddenInName))
        {
            return $"The artifact name '{Printable.Of(name)}' is not valid: names may not be '.' or '..' nor contain any of \" : < > | * ? \\ / or a line break.";
        }

        if (SafePath.ControlCharacterProblem(name) is { } control)
        {
            return $"The artifact name '{Printable.Of(name)}' is not valid: it {control}.";
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        return bytes > MaxNameBytes
            ? $"The artifact name '{Printable.Of(name)}' is too long: {bytes} bytes, and the limit is {MaxNameBytes}."
            : null;
    }

    /// <summary>
    /// Why <paramref name="relativePath"/> cannot be the path of a file in an artifact (relative, <c>/</c> between
    /// folders), or null when it can.
    /// </summary>
    public static string? FilePathProblem(string relativePath)
    {
        if (SafePath.RelativePathProblem(relativePath) is { } problem)
        {
            return problem;
        }

        return relativePath.AsSpan().ContainsAny(ForbiddenInFilePath)
            ? $"The path '{Printable.Of(relativePath)}' is not valid in an artifact: paths may not contain any of \" : < > | * ? or a line break."
            : null;
    }
}
