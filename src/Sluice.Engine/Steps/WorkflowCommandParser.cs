using System.Globalization;

namespace Sluice.Engine.Steps;

/// <summary>
/// Recognises workflow commands in a step's output, one line at a time. Stateful: after
/// <c>::stop-commands::TOKEN</c> every line is ordinary until the line <c>::TOKEN::</c>.
/// Returns null for ordinary lines, unknown commands and malformed ones, which the log shows as they are.
/// </summary>
public sealed class WorkflowCommandParser
{
    private string? _resumeLine;

    public WorkflowCommand? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.TrimEnd('\r', '\n');
        if (_resumeLine is not null)
        {
            if (line != _resumeLine)
            {
                return null;
            }

            _resumeLine = null;
            return new ResumeCommandsCommand();
        }

        if (!line.StartsWith("::", StringComparison.Ordinal))
        {
            return null;
        }

        var end = line.IndexOf("::", 2, StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var head = line[2..end];
        var data = line[(end + 2)..];
        var space = head.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? head : head[..space];
        var properties = space < 0 ? [] : ParseProperties(head[(space + 1)..]);
        return Create(name.ToLowerInvariant(), properties, data);
    }

    private WorkflowCommand? Create(string name, Dictionary<string, string> properties, string data)
    {
        switch (name)
        {
            case "stop-commands":
                if (data.Length == 0)
                {
                    return null;
                }

                _resumeLine = $"::{data}::";
                return new StopCommandsCommand(data);
            case "group":
                return new GroupCommand(CommandEscaping.UnescapeData(data));
            case "endgroup":
                return new EndGroupCommand();
            case "add-mask":
                return new MaskCommand(CommandEscaping.UnescapeData(data));
            case "echo":
                return data.ToLowerInvariant() switch
                {
                    "on" => new EchoCommand(true),
                    "off" => new EchoCommand(false),
                    _ => null,
                };
            case "set-output":
                return properties.TryGetValue("name", out var output) && output.Length > 0
                    ? new SetOutputCommand(output, CommandEscaping.UnescapeData(data))
                    : null;
            case "save-state":
                return properties.TryGetValue("name", out var state) && state.Length > 0
                    ? new SaveStateCommand(state, CommandEscaping.UnescapeData(data))
                    : null;
            case "set-env":
                return new SetEnvCommand(properties.TryGetValue("name", out var variable) && variable.Length > 0 ? variable : null, CommandEscaping.UnescapeData(data));
            case "add-path":
                return new AddPathCommand(CommandEscaping.UnescapeData(data));
            case "error":
                return Annotation(AnnotationLevel.Error, properties, data);
            case "warning":
                return Annotation(AnnotationLevel.Warning, properties, data);
            case "notice":
                return Annotation(AnnotationLevel.Notice, properties, data);
            case "debug":
                return Annotation(AnnotationLevel.Debug, properties, data);
            default:
                return null;
        }
    }

    private static AnnotationCommand Annotation(AnnotationLevel level, Dictionary<string, string> properties, string data) =>
        new(
            level,
            CommandEscaping.UnescapeData(data),
            File: properties.GetValueOrDefault("file"),
            Line: Number(properties, "line"),
            EndLine: Number(properties, "endline"),
            Column: Number(properties, "col"),
            EndColumn: Number(properties, "endcolumn"),
            Title: properties.GetValueOrDefault("title"));

    private static int? Number(Dictionary<string, string> properties, string key) =>
        properties.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    // Keys are matched case-insensitively (endLine, endColumn); values are unescaped.
    private static Dictionary<string, string> ParseProperties(string text)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                properties[pair[..equals].Trim()] = CommandEscaping.UnescapeProperty(pair[(equals + 1)..]);
            }
        }

        return properties;
    }
}
