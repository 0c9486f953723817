using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Expressions;
using Sluice.Workflows.Tokens;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sluice.Engine.Execution.Composite;

/// <summary>
/// Reads the YAML of an action.yml into tokens, plain scalars typed by the YAML 1.2 core schema and text with
/// <c>${{ }}</c> parsed as templates. Iterative with a depth limit, and aliases share their anchor's token, so
/// no document can overflow the stack or blow up in memory.
/// </summary>
internal static partial class ActionYaml
{
    public const int MaxDepth = 64;

    /// <summary>The contexts an action's steps may use, as GitHub lists them for <c>runs.steps</c>.</summary>
    public static readonly ExpressionParserOptions ParserOptions = new()
    {
        NamedValues = ["github", "inputs", "steps", "env", "runner", "job", "strategy", "matrix", "needs"],
    };

    public static TemplateToken? Load(string text, ManifestProblems problems)
    {
        var anchors = new Dictionary<string, TemplateToken>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        TemplateToken? root = null;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case Scalar scalar:
                        Append(Typed(scalar, problems), scalar.Anchor);
                        break;
                    case AnchorAlias alias when anchors.TryGetValue(alias.Value.Value, out var shared):
                        Append(shared, AnchorName.Empty);
                        break;
                    case AnchorAlias alias:
                        problems.AddAt((int)alias.Start.Line, (int)alias.Start.Column, $"the alias '*{alias.Value.Value}' refers to no anchor defined before it");
                        return null;
                    case SequenceStart or MappingStart when stack.Count >= MaxDepth:
                        problems.AddAt((int)parser.Current.Start.Line, (int)parser.Current.Start.Column, $"the document nests deeper than {MaxDepth} levels");
                        return null;
                    case SequenceStart sequence:
                        stack.Push(new Frame((int)sequence.Start.Line, (int)sequence.Start.Column, isMapping: false, sequence.Anchor));
                        break;
                    case MappingStart mapping:
                        stack.Push(new Frame((int)mapping.Start.Line, (int)mapping.Start.Column, isMapping: true, mapping.Anchor));
                        break;
                    case SequenceEnd or MappingEnd:
                        var frame = stack.Pop();
                        Append(frame.Build(), frame.Anchor);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            problems.AddAt((int)ex.Start.Line, (int)ex.Start.Column, $"the file is not valid YAML: {Reason(ex)}");
            return null;
        }

        return root;

        void Append(TemplateToken token, AnchorName anchor)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = token;
            }

            if (stack.Count == 0)
            {
                root = token;
            }
            else
            {
                stack.Peek().Add(token, problems);
            }
        }
    }

    private static string Reason(YamlException ex)
    {
        // YamlDotNet prefixes its messages with the position, which the diagnostic already carries.
        var message = ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }

    private static TemplateToken Typed(Scalar scalar, ManifestProblems problems)
    {
        int line = (int)scalar.Start.Line, column = (int)scalar.Start.Column;
        var text = scalar.Value;
        if (scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty)
        {
            if (text is "" or "~" or "null" or "Null" or "NULL")
            {
                return new NullToken(line, column);
            }

            if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            {
                return new BooleanToken(line, column, text[0] is 't' or 'T');
            }

            if (Number().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return new NumberToken(line, column, number);
            }
        }

        if (!text.Contains("${{", StringComparison.Ordinal))
        {
            return new StringToken(line, column, text);
        }

        if (TemplateString.TryParse(text, ParserOptions, out var template, out var error))
        {
            return new ExpressionToken(line, column, text, template!);
        }

        problems.AddAt(line, column, error!.Message);
        return new StringToken(line, column, text);
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();

    private sealed class Frame(int line, int column, bool isMapping, AnchorName anchor)
    {
        private readonly List<TemplateToken> _items = [];
        private readonly List<KeyValuePair<StringToken, TemplateToken>> _pairs = [];
        private StringToken? _pendingKey;

        public AnchorName Anchor { get; } = anchor;

        public void Add(TemplateToken token, ManifestProblems problems)
        {
            if (!isMapping)
            {
                _items.Add(token);
            }
            else if (_pendingKey is not null)
            {
                _pairs.Add(new(_pendingKey, token));
                _pendingKey = null;
            }
            else
            {
                var key = token switch
                {
                    StringToken s => s,
                    LiteralToken literal => new StringToken(literal.Line, literal.Column, literal.Display),
                    _ => null,
                };
                if (key is null)
                {
                    problems.Add(token, "a mapping key must be plain text");
                    key = new StringToken(token.Line, token.Column, "");
                }
                else if (_pairs.Any(p => p.Key.Value == key.Value))
                {
                    problems.Add(key, $"'{key.Value}' is already defined in this mapping");
                }

                _pendingKey = key;
            }
        }

        public TemplateToken Build() => isMapping
            ? new MappingToken(line, column, _pairs, _pairs.Count)
            : new SequenceToken(line, column, _items, _items.Count);
    }
}
