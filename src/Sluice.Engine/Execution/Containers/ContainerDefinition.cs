using Sluice.Expressions;

namespace Sluice.Engine.Execution.Containers;

/// <summary>
/// A job's <c>container</c> or one of its <c>services</c>, evaluated: what GitHub's syntax allows there
/// (<c>image</c>, <c>credentials</c>, <c>env</c>, <c>ports</c>, <c>volumes</c>, <c>options</c>).
/// </summary>
internal sealed record ContainerDefinition(
    string Image,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> Volumes,
    string? Options,
    string? Username,
    string? Password)
{
    /// <summary>
    /// Reads an evaluated <c>container</c> (a string is the image) or service value. An empty image means "no
    /// container" (GitHub runs the job on the runner, or does not start the service): null is returned.
    /// </summary>
    /// <param name="what">How messages name it: <c>the container of job 'build'</c>.</param>
    public static ContainerDefinition? Read(ExpressionValue value, string what)
    {
        switch (value)
        {
            case { Kind: ValueKind.Null }:
                return null;
            case StringValue image:
                return string.IsNullOrWhiteSpace(image.Value) ? null : new ContainerDefinition(image.Value.Trim(), new Dictionary<string, string>(), [], [], null, null, null);
            case ObjectValue obj:
                return FromObject(obj, what);
            default:
                throw Invalid($"{what} must be an image name or a mapping with 'image:'");
        }
    }

    private static ContainerDefinition? FromObject(ObjectValue obj, string what)
    {
        var image = Text(obj, "image", what);
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        string? username = null, password = null;
        if (Get(obj, "credentials") is { } credentials)
        {
            if (credentials is not ObjectValue c)
            {
                throw Invalid($"'credentials' of {what} must be a mapping with 'username' and 'password'");
            }

            username = Text(c, "username", what);
            password = Text(c, "password", what);
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Get(obj, "env") is { } envValue)
        {
            if (envValue is not ObjectValue e)
            {
                throw Invalid($"'env' of {what} must be a mapping of names to values");
            }

            foreach (var (key, item) in e.Properties)
            {
                env[key] = item.ToDisplayString();
            }
        }

        return new ContainerDefinition(image.Trim(), env, List(obj, "ports", what), List(obj, "volumes", what), Text(obj, "options", what), username, password);
    }

    private static ExpressionValue? Get(ObjectValue obj, string key) =>
        obj.TryGetValue(key, out var value) && value.Kind != ValueKind.Null ? value : null;

    private static string? Text(ObjectValue obj, string key, string what) => Get(obj, key) switch
    {
        null => null,
        ObjectValue or ArrayValue => throw Invalid($"'{key}' of {what} must be a string"),
        var value => value.ToDisplayString(),
    };

    private static List<string> List(ObjectValue obj, string key, string what) => Get(obj, key) switch
    {
        null => [],
        ArrayValue array => array.Items.Where(i => i.Kind != ValueKind.Null).Select(i => i is ObjectValue or ArrayValue
            ? throw Invalid($"each entry of '{key}' of {what} must be a string")
            : i.ToDisplayString()).ToList(),
        _ => throw Invalid($"'{key}' of {what} must be a list"),
    };

    private static ContainerDefinitionException Invalid(string message) => new(message);
}

/// <summary>A <c>container</c> or <c>services</c> entry that cannot be used as written; the message says what to change.</summary>
internal sealed class ContainerDefinitionException(string message) : Exception(message);
