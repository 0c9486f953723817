using System.Security.Cryptography;
using System.Text;
using Sluice.Engine.Execution.Composite;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// What Docker container actions share: the manifests of actions that have no action.yml (<c>docker://IMAGE</c>
/// steps, a folder with only a Dockerfile), the tag a built image is cached under, and GitHub's reading of
/// <c>with.args</c>.
/// </summary>
internal static class DockerActions
{
    /// <summary>The repository built action images are tagged in; the tag is a hash of the action's folder.</summary>
    public const string BuiltImageRepository = "localhost/sluice-actions";

    /// <summary>A <c>uses: docker://IMAGE</c> step: the image as it is, with what the step's <c>with</c> gives it.</summary>
    public static ActionManifest ImageManifest(string uses) => new()
    {
        File = uses,
        Kind = ActionKind.Docker,
        Docker = new DockerRuns(uses, null, [], [], null, "always()", null, "always()"),
    };

    /// <summary>A folder with a Dockerfile and no action.yml, which GitHub's runner builds and runs as a Docker action.</summary>
    public static ActionManifest DockerfileManifest(string dockerfileShown) => new()
    {
        File = dockerfileShown,
        Kind = ActionKind.Docker,
        Docker = new DockerRuns("Dockerfile", null, [], [], null, "always()", null, "always()"),
    };

    /// <summary>
    /// The tag of the image built from <paramref name="folder"/>: the same files give the same tag, so a second run
    /// (or another job) finds the image and does not build it again, and any change to a file builds anew.
    /// </summary>
    public static string BuiltImageTag(string folder, string dockerfile, string name)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"dockerfile:{dockerfile}\0"));
        var root = Path.GetFullPath(folder);
        var entries = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .Select(p => (Full: p, Relative: Path.GetRelativePath(root, p).Replace('\\', '/')))
            .OrderBy(e => e.Relative, StringComparer.Ordinal);
        foreach (var (full, relative) in entries)
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is { } target)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"link:{relative}\0{target}\0"));
            }
            else if (Directory.Exists(full))
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"dir:{relative}\0"));
            }
            else
            {
                // The mode matters too: an entrypoint script that loses its executable bit must not run from the old image.
                var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0;
                hash.AppendData(Encoding.UTF8.GetBytes($"file:{relative}\0{(executable ? "x" : "-")}{info.Length}\0"));
                using var stream = File.OpenRead(full);
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
        }

        var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        return $"{BuiltImageRepository}/{RepositoryPart(name)}:{digest[..24]}";
    }

    /// <summary>
    /// <c>with.args</c> as GitHub passes it to the container: split at whitespace, where double quotes keep a part
    /// together (<c>"a b" c</c> is two arguments) and a backslash keeps a quote.
    /// </summary>
    public static List<string> SplitArgs(string args)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inQuotes = false;
        var any = false;
        for (var i = 0; i < args.Length; i++)
        {
            var c = args[i];
            if (c == '\\' && i + 1 < args.Length && args[i + 1] == '"')
            {
                current.Append('"');
                i++;
                any = true;
            }
            else if (c == '"')
            {
                inQuotes = !inQuotes;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !inQuotes)
            {
                if (any)
                {
                    result.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            result.Add(current.ToString());
        }

        return result;
    }

    /// <summary>Names in image references and container names: lower-case letters, digits and single separators.</summary>
    private static string RepositoryPart(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (keep != '-' || (builder.Length > 0 && builder[^1] != '-'))
            {
                builder.Append(keep);
            }
        }

        var text = builder.ToString().Trim('-');
        return text.Length == 0 ? "action" : text[..Math.Min(text.Length, 64)].TrimEnd('-');
    }

    /// <summary>Container names allow [a-zA-Z0-9_.-].</summary>
    public static string ContainerNamePart(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        return builder.ToString();
    }
}
