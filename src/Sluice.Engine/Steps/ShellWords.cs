namespace Sluice.Engine.Steps;

/// <summary>Splits a custom shell template into words: whitespace separates, single or double quotes group.</summary>
internal static class ShellWords
{
    public static string[] Split(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw new ShellException($"shell '{text}' has an unclosed {quote} quote.");
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return [.. words];
    }
}
