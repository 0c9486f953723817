using System.Text;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution.Setup;

/// <summary>
/// <c>actions/setup-dotnet</c>, <c>setup-node</c>, <c>setup-python</c>, <c>setup-go</c>, <c>setup-java</c>: a local run
/// downloads nothing, so the step checks that the version asked for is installed and fails, saying so, when it is not.
/// </summary>
internal sealed class SetupToolAction(InstalledTool tool) : IBuiltinAction
{
    public string Name => tool.Action;

    public bool Handles(string uses) => uses.StartsWith(tool.Action + "@", StringComparison.OrdinalIgnoreCase);

    public async Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken)
    {
        var wanted = context.Input(tool.InputName);
        var env = context.Request.Run.BaseEnvironment;
        var program = FindOnPath(tool.Program, env.GetValueOrDefault("PATH", ""));
        if (program is null)
        {
            context.Annotate("error", $"{tool.Program} is not installed on this machine, and a local run installs nothing: install it, or run the job where it is installed.");
            return Conclusion.Failure;
        }

        var output = new StringBuilder();
        await context.ProcessRunner.RunAsync(
            new ProcessSpec(program, tool.VersionArguments, context.Request.Workspace, env, TimeSpan.FromMinutes(1)),
            line => output.AppendLine(line),
            line => output.AppendLine(line),
            cancellationToken);
        var versions = tool.ParseVersions(output.ToString()).Where(v => v.Length > 0).ToList();
        var match = wanted.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } asked
            ? versions.FirstOrDefault(v => asked.Any(a => InstalledTool.Satisfies(v, a)))
            : versions.LastOrDefault();
        if (match is null)
        {
            context.Annotate("error", $"{tool.Program} {wanted} is not installed on this machine (installed: {(versions.Count == 0 ? "none found" : string.Join(", ", versions))}); a local run installs nothing: install it or change '{tool.InputName}'.");
            return Conclusion.Failure;
        }

        context.Log($"Using the installed {tool.Program} {match} ({program})");
        context.Outputs[tool.InputName] = match;
        return Conclusion.Success;
    }

    private static string? FindOnPath(string program, string path) =>
        path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
