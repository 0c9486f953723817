using System.Text;

namespace Sluice.Containers;

/// <summary>
/// Splits a command-line string into words the way a POSIX shell quotes them, without any expansion: blanks
/// separate words; 'single quotes' keep everything; "double quotes" keep everything but \" \\ \$ \` and
/// backslash-newline; outside quotes a backslash keeps the next character, and backslash-newline joins lines.
/// </summary>
internal static class ShellWords
{
    /// <exception cref="FormatException">An unterminated quote, or a backslash at the very end.</exception>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\\':
                    if (i + 1 >= text.Length)
                    {
                        throw new FormatException("the options end with a lone backslash.");
                    }

                    i++;
                    if (text[i] != '\n')
                    {
                        word.Append(text[i]);
                        inWord = true;
                    }

                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"a single quote at position {i + 1} is never closed.");
                    }

                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    i = ReadDoubleQuoted(text, i, word);
                    inWord = true;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Appends the double-quoted text that opens at <paramref name="open"/> and returns the closing quote's index.</summary>
    private static int ReadDoubleQuoted(string text, int open, StringBuilder word)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i;
            }

            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`' or '\n')
            {
                i++;
                if (text[i] != '\n')
                {
                    word.Append(text[i]);
                }

                continue;
            }

            word.Append(c);
        }

        throw new FormatException($"a double quote at position {open + 1} is never closed.");
    }
}
