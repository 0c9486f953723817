using Sluice.Workflows.Tokens;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sluice.Workflows.Yaml;

/// <summary>
/// Turns YAML text into tokens. Iterative (no recursion), so deep nesting cannot overflow the stack;
/// aliases share the anchored token and count its whole size, so alias bombs stop at the size limit.
/// </summary>
internal sealed class YamlLoader(WorkflowReaderOptions options, DiagnosticBag diagnostics, SizeBudget budget)
{
    private const int ContainerOverhead = TemplateToken.MinObjectSize;

    private readonly Dictionary<string, TemplateToken> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _stack = new();
    private long _startingBudget;
    private int _lastLine = 1;
    private int _lastColumn = 1;

    /// <summary>The root token, or null when the text is empty or could not be read (the reason is in the diagnostics).</summary>
    public TemplateToken? Load(string text)
    {
        try
        {
            return LoadCore(text);
        }
        catch (YamlException ex) when (LenientYaml.Rewrite(text) is { } lenient && TryLoadLenient(lenient) is { } token)
        {
            _ = ex;
            return token;
        }
        catch (YamlException ex)
        {
            diagnostics.AddAt((int)ex.Start.Line, (int)ex.Start.Column, YamlMessage(ex));
            return null;
        }
        catch (LoadAbortedException)
        {
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet signals a few malformed inputs with these rather than a YamlException.
            diagnostics.AddAt(_lastLine, _lastColumn, $"The file is not valid YAML after this point ({ex.Message.TrimEnd('.')}). Check quoting and indentation here.");
            return null;
        }
    }

    private TemplateToken? TryLoadLenient(string text)
    {
        _anchors.Clear();
        _stack.Clear();
        budget.Used = _startingBudget;
        try
        {
            return LoadCore(text);
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            return null;
        }
    }

    private TemplateToken? LoadCore(string text)
    {
        _startingBudget = budget.Used;
        var parser = new Parser(new StringReader(text));
        TemplateToken? root = null;
        var documents = 0;
        while (parser.MoveNext())
        {
            var ev = parser.Current!;
            (_lastLine, _lastColumn) = ((int)ev.Start.Line, (int)ev.Start.Column);
            switch (ev)
            {
                case DocumentStart start when !start.IsImplicit || documents > 0:
                    documents++;
                    if (documents > 1)
                    {
                        diagnostics.AddAt((int)start.Start.Line, (int)start.Start.Column, "A workflow file holds one YAML document, but a second one starts here. Remove the '---' line or move the second document to its own file.");
                        return null;
                    }

                    break;
                case DocumentStart:
                    documents++;
                    break;
                case Scalar scalar:
                    Append(ref root, ReadScalar(scalar), scalar.Anchor);
                    break;
                case AnchorAlias alias:
                    Append(ref root, ResolveAlias(alias), AnchorName.Empty);
                    break;
                case SequenceStart seq:
                    CheckCollectionTag(seq.Tag, "tag:yaml.org,2002:seq", seq.Start);
                    Push(new Frame(seq.Start, isMapping: false, seq.Anchor));
                    break;
                case MappingStart map:
                    CheckCollectionTag(map.Tag, "tag:yaml.org,2002:map", map.Start);
                    Push(new Frame(map.Start, isMapping: true, map.Anchor));
                    break;
                case SequenceEnd or MappingEnd:
                    var frame = _stack.Pop();
                    Append(ref root, frame.Build(), frame.Anchor, frame.Line, frame.Column);
                    break;
            }
        }

        return root;
    }

    private void Push(Frame frame)
    {
        if (_stack.Count + 1 > options.MaxDepth)
        {
            diagnostics.AddFileLevel("Maximum object depth exceeded");
            throw new LoadAbortedException();
        }

        _stack.Push(frame);
    }

    private void Append(ref TemplateToken? root, TemplateToken token, AnchorName anchor, int line = 0, int column = 0)
    {
        AddSize(token is MappingToken or SequenceToken ? ContainerOverhead : token.Size);
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = token;
        }

        if (_stack.Count == 0)
        {
            root = token;
            return;
        }

        var parent = _stack.Peek();
        if (!parent.IsMapping)
        {
            parent.Add(token);
        }
        else if (parent.PendingKey is null)
        {
            parent.PendingKey = KeyOf(token, line, column);
        }
        else
        {
            parent.AddPair(token);
        }
    }

    private StringToken KeyOf(TemplateToken token, int line, int column)
    {
        switch (token)
        {
            case StringToken s:
                return s;
            case LiteralToken literal:
                return new StringToken(literal.Line, literal.Column, literal.Display);
            default:
                diagnostics.AddAt(line > 0 ? line : token.Line, line > 0 ? column : token.Column, $"A {token.Display} cannot be a mapping key; use a plain text key.");
                return new StringToken(token.Line, token.Column, "");
        }
    }

    private TemplateToken ResolveAlias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var token))
        {
            diagnostics.AddAt((int)alias.Start.Line, (int)alias.Start.Column, $"The alias '*{alias.Value.Value}' refers to no anchor defined before it. Define '&{alias.Value.Value}' first.");
            throw new LoadAbortedException();
        }

        // The alias costs the whole anchored value, as if it were written out again.
        AddSize(token.Size - (token is MappingToken or SequenceToken ? ContainerOverhead : token.Size));
        return token;
    }

    private void AddSize(long bytes)
    {
        budget.Used += bytes;
        if (budget.Used > options.MaxResultSize)
        {
            diagnostics.AddFileLevel("Maximum object size exceeded");
            throw new LoadAbortedException();
        }
    }

    private LiteralToken ReadScalar(Scalar scalar)
    {
        int line = (int)scalar.Start.Line, column = (int)scalar.Start.Column;
        var tag = scalar.Tag;
        if (tag.IsEmpty)
        {
            return scalar.Style == ScalarStyle.Plain
                ? CoreSchema.ResolvePlain(line, column, scalar.Value)
                : new StringToken(line, column, scalar.Value);
        }

        if (tag.IsNonSpecific || tag.Value == CoreSchema.StrTag)
        {
            return new StringToken(line, column, scalar.Value);
        }

        var name = tag.Value;
        if (name is not (CoreSchema.NullTag or CoreSchema.BoolTag or CoreSchema.IntTag or CoreSchema.FloatTag))
        {
            diagnostics.AddAt(line, column, $"The tag '{name}' on line {line} and column {column} is not supported. Remove it; workflows use plain YAML values.");
            throw new LoadAbortedException();
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            diagnostics.AddAt(line, column, $"The scalar style '{scalar.Style}' on line {line} and column {column} is not valid with the tag '{name}'");
            throw new LoadAbortedException();
        }

        var text = scalar.Value;
        switch (name)
        {
            case CoreSchema.NullTag when CoreSchema.IsNull(text):
                return new NullToken(line, column);
            case CoreSchema.BoolTag when CoreSchema.TryBool(text, out var b):
                return new BooleanToken(line, column, b);
            case CoreSchema.IntTag when CoreSchema.TryInt(text, out var i):
                return new NumberToken(line, column, i);
            case CoreSchema.FloatTag when CoreSchema.TryFloat(text, out var f) || CoreSchema.TryInt(text, out f):
                return new NumberToken(line, column, f);
            default:
                diagnostics.AddAt(line, column, $"The value '{text}' on line {line} and column {column} is invalid for the type '{name}'");
                throw new LoadAbortedException();
        }
    }

    private void CheckCollectionTag(TagName tag, string expected, Mark start)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != expected)
        {
            diagnostics.AddAt((int)start.Line, (int)start.Column, $"The tag '{tag.Value}' on line {start.Line} and column {start.Column} is not valid here. Remove it.");
        }
    }

    /// <summary>YamlDotNet prefixes its messages with the span; the diagnostic carries the place already.</summary>
    private static string YamlMessage(YamlException ex)
    {
        var message = ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && marker > 0)
        {
            message = message[(marker + 3)..];
        }

        return $"The file is not valid YAML: {message.TrimEnd('.')}.";
    }

    private sealed class Frame(Mark start, bool isMapping, AnchorName anchor)
    {
        private readonly List<TemplateToken>? _items = isMapping ? null : [];
        private readonly List<KeyValuePair<StringToken, TemplateToken>>? _pairs = isMapping ? [] : null;
        private long _size = ContainerOverhead;

        public bool IsMapping { get; } = isMapping;

        public AnchorName Anchor { get; } = anchor;

        public int Line { get; } = (int)start.Line;

        public int Column { get; } = (int)start.Column;

        public StringToken? PendingKey { get; set; }

        public void Add(TemplateToken token)
        {
            _size += token.Size;
            _items!.Add(token);
        }

        public void AddPair(TemplateToken value)
        {
            _size += PendingKey!.Size + value.Size;
            _pairs!.Add(new(PendingKey, value));
            PendingKey = null;
        }

        public TemplateToken Build() => IsMapping
            ? new MappingToken(Line, Column, _pairs!, _size)
            : new SequenceToken(Line, Column, _items!, _size);
    }

    private sealed class LoadAbortedException : Exception;
}
