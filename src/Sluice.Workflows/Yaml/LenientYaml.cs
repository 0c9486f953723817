using System.Text;

namespace Sluice.Workflows.Yaml;

/// <summary>
/// Three spellings GitHub's reader accepts that a strict YAML parser refuses: a comment right after a flow
/// collection (<c>[one]#note</c>), a double-quoted scalar whose next lines are indented no deeper than its
/// entry, and a block scalar (<c>|</c>, <c>&gt;</c>) whose first lines hold only spaces, more of them than its
/// text is indented (they count as empty lines). Used only after a strict parse fails, so valid files are never
/// touched. Columns before each change stay the same.
/// </summary>
internal static partial class LenientYaml
{
    public static string? Rewrite(string text)
    {
        var lines = text.Split('\n');
        var changed = false;
        var openQuoteIndent = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = line.Length - line.TrimStart(' ').Length;
            if (openQuoteIndent >= 0)
            {
                if (indent <= openQuoteIndent && line.Trim().Length > 0)
                {
                    line = new string(' ', openQuoteIndent + 2 - indent) + line;
                    changed = true;
                }

                if (!EndsQuote(line, 0, out _))
                {
                    lines[i] = line;
                    continue;
                }

                openQuoteIndent = -1;
            }

            var rewritten = SpaceCommentsAfterFlow(line, out var opensQuote);
            changed |= !ReferenceEquals(rewritten, line);
            lines[i] = rewritten;
            if (opensQuote)
            {
                openQuoteIndent = indent;
            }
            else if (BlockScalarHeader().IsMatch(rewritten))
            {
                // Leading lines of only spaces are empty lines of the block, however many spaces they hold.
                for (var j = i + 1; j < lines.Length && lines[j].TrimEnd('\r').Trim(' ').Length == 0; j++)
                {
                    var blank = lines[j].EndsWith('\r') ? "\r" : "";
                    changed |= lines[j] != blank;
                    lines[j] = blank;
                }
            }
        }

        return changed ? string.Join('\n', lines) : null;
    }

    /// <summary>Inserts a space in <c>]#</c> and <c>}#</c> outside quotes; tells whether a double-quoted scalar stays open at the end of the line.</summary>
    private static string SpaceCommentsAfterFlow(string line, out bool opensQuote)
    {
        opensQuote = false;
        StringBuilder? builder = null;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote == '"')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quote = '\0';
                }
            }
            else if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
            }
            else if ((c == '"' || c == '\'') && (i == 0 || line[i - 1] is ' ' or '[' or '{' or ',' or ':' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                break;
            }
            else if ((c == ']' || c == '}') && i + 1 < line.Length && line[i + 1] == '#')
            {
                builder ??= new StringBuilder(line[..(i + 1)]);
                builder.Append(' ');
                builder.Append(line.AsSpan(i + 1));
                return builder.ToString();
            }
        }

        opensQuote = quote == '"';
        return line;
    }

    private static bool EndsQuote(string line, int start, out int end)
    {
        for (end = start; end < line.Length; end++)
        {
            if (line[end] == '\\')
            {
                end++;
            }
            else if (line[end] == '"')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A line that starts a block scalar: <c>key: |</c>, <c>- &gt;-</c>, <c>run: |2</c>, with an optional comment.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(^|[\s:-])[|>][-+0-9]*\s*(#.*)?\r?$")]
    private static partial System.Text.RegularExpressions.Regex BlockScalarHeader();
}
