using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

internal static partial class ActionManifestReader
{
    private static readonly string[] DockerRunsKeys = ["using", "image", "entrypoint", "args", "env", "pre-entrypoint", "pre-if", "post-entrypoint", "post-if"];

    /// <summary>The <c>runs:</c> of a Docker container action, as GitHub's "Metadata syntax" defines it.</summary>
    private static DockerRuns? DockerRunsOf(MappingToken runs, ManifestProblems problems)
    {
        foreach (var (key, _) in runs.Pairs.Where(p => !DockerRunsKeys.Contains(p.Key.Value, StringComparer.Ordinal)))
        {
            problems.Add(key, $"'{key.Value}' is not a key of 'runs:' for a Docker action; expected one of {string.Join(", ", DockerRunsKeys)}");
        }

        string? image = null;
        switch (runs.Get("image"))
        {
            case null or NullToken:
                problems.Add(runs, "'runs.image' is missing; a Docker action needs 'image: Dockerfile' (a Dockerfile in the action's folder) or 'image: docker://IMAGE'");
                break;
            case StringToken text when text.Value.Length > DockerRuns.ImagePrefix.Length && text.Value.StartsWith(DockerRuns.ImagePrefix, StringComparison.Ordinal):
                image = text.Value;
                break;
            case StringToken { Value.Length: > 0 } text when !text.Value.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(text.Value) && !text.Value.Replace('\\', '/').Split('/').Contains(".."):
                image = text.Value;
                break;
            case var other:
                problems.Add(other, "'runs.image' must be 'docker://IMAGE' or the path of a Dockerfile inside the action's folder, such as 'Dockerfile'");
                break;
        }

        var args = new List<TemplateToken>();
        switch (runs.Get("args"))
        {
            case null or NullToken:
                break;
            case SequenceToken sequence:
                args.AddRange(sequence.Items);
                break;
            case var other:
                problems.Add(other, "'runs.args' must be a list of the arguments the container gets, such as ['${{ inputs.name }}']");
                break;
        }

        var env = Pairs(runs.Get("env"), "runs.env", problems);
        return image is null
            ? null
            : new DockerRuns(
                image,
                Text(runs, "entrypoint", problems),
                args,
                env,
                Text(runs, "pre-entrypoint", problems),
                Condition(runs.Get("pre-if"), problems, fallback: "always()"),
                Text(runs, "post-entrypoint", problems),
                Condition(runs.Get("post-if"), problems, fallback: "always()"));
    }

    /// <summary>An entrypoint of <c>runs:</c>: the program the container starts with, as written.</summary>
    private static string? Text(MappingToken runs, string key, ManifestProblems problems)
    {
        switch (runs.Get(key))
        {
            case null or NullToken:
                return null;
            case StringToken { Value.Length: > 0 } text:
                return text.Value;
            case var other:
                problems.Add(other, $"'runs.{key}' must be the program the container starts with, such as '/entrypoint.sh'");
                return null;
        }
    }
}
