using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Engine.Execution.Actions.Policy;

/// <summary>
/// Reads the action settings: the repository's <c>.sluice/actions.yml</c> (or <c>.yaml</c>), when there is one, and
/// the command line's options on top (lists are joined; pinning is required when either asks for it). Every problem is
/// an <see cref="ActionSettingsException"/> naming the file, line and key; a key that is not known is one too, since a
/// policy with a misspelt key would silently allow what it meant to refuse.
/// </summary>
/// <example>
/// <code>
/// real-actions: [actions/checkout]      # run the real actions/checkout, not Sluice's built-in one
/// allow: [actions/*, acme/*]            # only these may run ("!pattern" blocks, as on GitHub)
/// deny: [acme/legacy-deploy]            # never these, whatever allow says
/// require-sha-pinning: true             # every owner/repo@ref must name a full-length commit SHA
/// </code>
/// </example>
public static class ActionSettingsReader
{
    /// <summary>Where the settings file is, relative to the repository.</summary>
    public static readonly string[] RepositoryFiles = [".sluice/actions.yml", ".sluice/actions.yaml"];

    private const int MaxFileBytes = 256 * 1024;

    private static readonly string[] Keys = ["real-actions", "allow", "deny", "require-sha-pinning"];

    /// <summary>The settings of the repository at <paramref name="repositoryRoot"/> (null: none) with the command line's on top.</summary>
    public static ActionSettings Load(string? repositoryRoot, ActionSettingsOptions options)
    {
        var real = new List<PolicyRule>();
        var allow = new List<PolicyRule>();
        var deny = new List<PolicyRule>();
        string? pinning = null;
        if (repositoryRoot is not null && RepositoryFiles.Select(f => (Path.Combine(repositoryRoot, f), f)).FirstOrDefault(f => File.Exists(f.Item1)) is ({ } path, { } shown))
        {
            pinning = ReadFile(path, shown, real, allow, deny);
        }

        Add(options.RealActions, "--real-action", real, null);
        Add(options.Allow, "--allow-action", allow, deny);
        Add(options.Deny, "--deny-action", deny, null);
        if (options.RequireShaPinning)
        {
            pinning ??= "--require-sha-pinning";
        }

        return new ActionSettings(real, new ActionPolicy(allow, deny, pinning));
    }

    /// <summary>Reads one settings file into the lists; returns where it requires pinning, or null.</summary>
    private static string? ReadFile(string path, string shown, List<PolicyRule> real, List<PolicyRule> allow, List<PolicyRule> deny)
    {
        YamlNode? root;
        try
        {
            if (new FileInfo(path).Length > MaxFileBytes)
            {
                throw new ActionSettingsException($"{shown}: the file is larger than {MaxFileBytes / 1024} KiB; it holds a few lists of action names");
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            throw new ActionSettingsException($"{shown}:{ex.Start.Line}:{ex.Start.Column}: the file is not valid YAML: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ActionSettingsException($"{shown}: the file cannot be read: {ex.Message}");
        }

        if (root is null or YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        if (root is not YamlMappingNode mapping)
        {
            throw Problem(shown, root, $"the action settings must be a mapping of {string.Join(", ", Keys)}");
        }

        string? pinning = null;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "real-actions":
                    Add(Strings(shown, key, value), real, null);
                    break;
                case "allow":
                    Add(Strings(shown, key, value), allow, deny);
                    break;
                case "deny":
                    Add(Strings(shown, key, value), deny, null);
                    break;
                case "require-sha-pinning":
                    pinning = value is YamlScalarNode { Value: var flag } && bool.TryParse(flag, out var required)
                        ? (required ? $"require-sha-pinning, {shown}:{value.Start.Line}" : null)
                        : throw Problem(shown, value, "'require-sha-pinning' must be true or false");
                    break;
                default:
                    throw Problem(shown, keyNode, $"'{key}' is not an action setting; the settings are {string.Join(", ", Keys)}");
            }
        }

        return pinning;
    }

    private static List<(string Text, string Source)> Strings(string shown, string key, YamlNode value)
    {
        if (value is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            throw Problem(shown, value, $"'{key}' must be a list, such as [actions/*, acme/deploy@v2]");
        }

        return [.. sequence.Children.Select(item => item is YamlScalarNode { Value: { } text }
            ? (text, $"{shown}:{item.Start.Line}")
            : throw Problem(shown, item, $"each entry of '{key}' must be an action pattern such as acme/deploy@v2"))];
    }

    private static void Add(IEnumerable<string> patterns, string source, List<PolicyRule> rules, List<PolicyRule>? blocks) =>
        Add(patterns.Select(p => (p, source)), rules, blocks);

    /// <param name="blocks">Where GitHub's <c>!pattern</c> entries go (the deny list); null where they are not allowed.</param>
    private static void Add(IEnumerable<(string Text, string Source)> patterns, List<PolicyRule> rules, List<PolicyRule>? blocks)
    {
        foreach (var (text, source) in patterns)
        {
            var blocked = blocks is not null && text.TrimStart().StartsWith('!');
            var written = blocked ? text.TrimStart()[1..] : text;
            if (ActionPattern.Parse(written, out var problem) is not { } pattern)
            {
                throw new ActionSettingsException($"{source}: {problem}");
            }

            (blocked ? blocks! : rules).Add(new PolicyRule(pattern, source));
        }
    }

    private static ActionSettingsException Problem(string shown, YamlNode node, string message) =>
        new($"{shown}:{node.Start.Line}:{node.Start.Column}: {message}");
}

/// <summary>The action settings cannot be read; the message names the file, line and what to write instead.</summary>
public sealed class ActionSettingsException(string message) : Exception(message);
