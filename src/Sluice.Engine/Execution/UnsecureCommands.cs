namespace Sluice.Engine.Execution;

/// <summary>
/// GitHub's opt-in for the deprecated <c>::set-env</c> and <c>::add-path</c> commands: the step's <c>env</c> context
/// (workflow, job and step env, and what earlier steps wrote to GITHUB_ENV) sets <c>ACTIONS_ALLOW_UNSECURE_COMMANDS</c>
/// to a value .NET reads as true, as the runner reads it.
/// </summary>
internal static class UnsecureCommands
{
    public const string OptIn = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

    public static bool AllowedBy(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue(OptIn, out var value) && bool.TryParse(value, out var allowed) && allowed;

    /// <summary>The runner's words for a refused command.</summary>
    public static string Disabled(string command) =>
        $"The `{command}` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `{OptIn}` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/";
}
