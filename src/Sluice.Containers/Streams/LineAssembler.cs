using System.Text;

namespace Sluice.Containers;

/// <summary>
/// Turns one stream's bytes, arriving in arbitrary pieces, into UTF-8 lines: a line or a multi-byte character split
/// across pieces is joined, "\r\n" counts as "\n", and <see cref="Complete"/> delivers a last line that has no
/// newline. A line longer than <see cref="MaxLineChars"/> is delivered in parts of that size, so that output
/// without newlines cannot grow without bound.
/// </summary>
internal sealed class LineAssembler(Action<string> onLine)
{
    public const int MaxLineChars = 1024 * 1024;

    private readonly Decoder decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
    private readonly StringBuilder pending = new();
    private char[] chars = new char[StreamDemultiplexer.BufferSize + 4];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = decoder.GetCharCount(bytes, flush: false);
        if (needed > chars.Length)
        {
            chars = new char[needed];
        }

        var count = decoder.GetChars(bytes, chars, flush: false);
        Split(chars.AsSpan(0, count));
    }

    /// <summary>The stream ended: flushes a character cut short and delivers an unterminated last line.</summary>
    public void Complete()
    {
        var count = decoder.GetChars([], chars, flush: true);
        Split(chars.AsSpan(0, count));
        if (pending.Length > 0)
        {
            Deliver();
        }
    }

    private void Split(ReadOnlySpan<char> text)
    {
        int newline;
        while ((newline = text.IndexOf('\n')) >= 0)
        {
            pending.Append(text[..newline]);
            Deliver();
            text = text[(newline + 1)..];
        }

        pending.Append(text);
        while (pending.Length >= MaxLineChars)
        {
            var part = pending.ToString(0, MaxLineChars);
            pending.Remove(0, MaxLineChars);
            onLine(part);
        }
    }

    private void Deliver()
    {
        var length = pending.Length > 0 && pending[^1] == '\r' ? pending.Length - 1 : pending.Length;
        var line = pending.ToString(0, length);
        pending.Clear();
        onLine(line);
    }
}
