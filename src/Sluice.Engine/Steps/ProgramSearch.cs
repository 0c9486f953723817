namespace Sluice.Engine.Steps;

/// <summary>
/// Finds the program a process spec names, as execvp would in the started process: a name with a slash is a path
/// (relative to the working directory), any other name is looked up on the PATH of the spec's environment.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class ProgramSearch
{
    // What glibc's execvp searches when the environment has no PATH.
    private const string DefaultPath = "/bin:/usr/bin";

    public static string? Find(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(fileName, workingDirectory);
            return IsExecutableFile(path) ? path : null;
        }

        var search = environment.TryGetValue("PATH", out var value) ? value : DefaultPath;
        foreach (var entry in search.Split(':'))
        {
            // An empty entry is the working directory, as in execvp.
            var directory = entry.Length == 0 ? workingDirectory : Path.GetFullPath(entry, workingDirectory);
            var candidate = Path.Combine(directory, fileName);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    // One stat: FileInfo reads the type and the mode together.
    private static bool IsExecutableFile(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && (file.UnixFileMode & AnyExecute) != 0;
    }
}
