using System.Text;

namespace Sluice.Workflows.Yaml;

/// <summary>
/// Two spellings GitHub's reader accepts that a strict YAML parser refuses: a comment right after a flow
/// collection (<c>[one]#note</c>) and a double-quoted scalar whose next lines are indented no deeper than its
/// entry. Used only after a strict parse fails, so valid files are never touched. Columns before each change
/// stay the same.
/// </summary>
internal static class LenientYaml
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
}
