namespace Sluice.Engine.Steps;

/// <summary>
/// Turns a step's <c>shell</c> (none, a known name, or a custom <c>program args {0}</c> template) into a process
/// invocation, with GitHub's templates: bash runs with <c>--noprofile --norc -eo pipefail</c>, sh with <c>-e</c>.
/// </summary>
public static class Shells
{
    private const string ScriptPlaceholder = "{0}";

    public static ShellInvocation Prepare(string? shell, string script, string tempDirectory) =>
        Prepare(shell, script, tempDirectory, FindOnPath);

    /// <summary>
    /// As <see cref="Prepare(string?, string, string)"/>, with programs found by <paramref name="findProgram"/>: where
    /// the processes run (a job container has its own programs), not necessarily on this machine's PATH.
    /// </summary>
    public static ShellInvocation Prepare(string? shell, string script, string tempDirectory, Func<string, string?> findProgram)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentException.ThrowIfNullOrEmpty(tempDirectory);
        ArgumentNullException.ThrowIfNull(findProgram);
        var name = shell?.Trim();
        var template = string.IsNullOrEmpty(name) ? DefaultTemplate(findProgram) : KnownTemplate(name, findProgram) ?? CustomTemplate(name);
        var program = findProgram(template[0]) ?? throw new ShellException(
            $"shell program '{template[0]}' is not installed where the step runs (not found on PATH); install it or choose another shell.");
        var scriptPath = WriteScript(script, tempDirectory, ExtensionFor(template[0]));
        var arguments = template.Skip(1).Select(argument => argument.Replace(ScriptPlaceholder, QuoteFor(template[0], scriptPath), StringComparison.Ordinal)).ToList();
        return new ShellInvocation(program, arguments, scriptPath);
    }

    /// <summary>Whether <paramref name="program"/> is an existing file or can be found on the PATH.</summary>
    public static bool IsAvailable(string program) => FindOnPath(program) is not null;

    private static string[] DefaultTemplate(Func<string, string?> findProgram) =>
        findProgram("bash") is not null ? BashTemplate : ["sh", "-e", ScriptPlaceholder];

    private static readonly string[] BashTemplate = ["bash", "--noprofile", "--norc", "-eo", "pipefail", ScriptPlaceholder];

    private static string[]? KnownTemplate(string name, Func<string, string?> findProgram) => name switch
    {
        "bash" => BashTemplate,
        "sh" => ["sh", "-e", ScriptPlaceholder],
        "pwsh" => ["pwsh", "-command", ". '{0}'"],
        "powershell" => ["powershell", "-command", ". '{0}'"],
        "python" => [findProgram("python") is not null || findProgram("python3") is null ? "python" : "python3", ScriptPlaceholder],
        "cmd" => throw new ShellException("shell 'cmd' runs only on Windows runners; use bash, sh, pwsh or python here."),
        _ => null,
    };

    private static string[] CustomTemplate(string shell)
    {
        if (!shell.Contains(ScriptPlaceholder, StringComparison.Ordinal))
        {
            throw new ShellException($"shell '{shell}' is neither bash, sh, pwsh, python nor a custom template: a custom shell must contain {{0}} where the script path goes, e.g. 'perl {{0}}'.");
        }

        return ShellWords.Split(shell);
    }

    /// <summary>The full path of <paramref name="program"/> on this machine's PATH (or as given, when it has a slash), or null.</summary>
    public static string? FindOnPath(string program)
    {
        if (program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] suffixes = OperatingSystem.IsWindows() ? ["", ".exe", ".cmd", ".bat"] : [""];
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var suffix in suffixes)
            {
                var candidate = Path.Combine(directory, program + suffix);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string ExtensionFor(string program) => Path.GetFileNameWithoutExtension(program) switch
    {
        "bash" or "sh" => ".sh",
        "pwsh" or "powershell" => ".ps1",
        var name when name.StartsWith("python", StringComparison.Ordinal) => ".py",
        _ => "",
    };

    // PowerShell's template puts the path inside single quotes, where a quote is written twice.
    private static string QuoteFor(string program, string path) =>
        ExtensionFor(program) == ".ps1" ? path.Replace("'", "''", StringComparison.Ordinal) : path;

    private static string WriteScript(string script, string tempDirectory, string extension)
    {
        Directory.CreateDirectory(tempDirectory);
        var path = Path.Combine(Path.GetFullPath(tempDirectory), $"{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, script, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
