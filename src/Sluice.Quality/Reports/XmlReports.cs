using System.Text;
using System.Xml;

namespace Sluice.Quality.Reports;

/// <summary>
/// The one way report readers open XML: forward-only, no DTD processing, no external resources, so a hostile report
/// can neither read local files (XXE) nor expand entities without bound (billion laughs). Undeclared entity
/// references are an <see cref="XmlException"/>, which <see cref="Read"/> turns into a <see cref="ReportReadException"/>.
/// </summary>
internal static class XmlReports
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 1024,
        CheckCharacters = true,
        CloseInput = false,
    };

    /// <summary>A forward-only reader over <paramref name="stream"/>; the caller keeps ownership of the stream.</summary>
    internal static XmlReader Open(Stream stream) => XmlReader.Create(stream, Settings);

    /// <summary>
    /// Opens <paramref name="stream"/> and runs <paramref name="read"/> over it, turning XML syntax errors and
    /// an empty stream into <see cref="ReportReadException"/>s that name the file and line.
    /// </summary>
    internal static void Read(Stream stream, string fileName, Action<XmlReader> read)
    {
        if (stream.CanSeek && stream.Length - stream.Position == 0)
        {
            throw new ReportReadException(fileName, null, "the file is empty; expected an XML report");
        }

        try
        {
            using var reader = Open(stream);
            if (!MoveToContent(reader))
            {
                throw new ReportReadException(fileName, null, "the file is empty; expected an XML report");
            }

            read(reader);
        }
        catch (XmlException e)
        {
            throw FromXmlException(e, fileName);
        }
        catch (DecoderFallbackException e)
        {
            throw new ReportReadException(fileName, null, "the file is not valid text in its declared encoding", e);
        }
    }

    /// <summary>An <see cref="XmlException"/> as a <see cref="ReportReadException"/> naming the file and line.</summary>
    internal static ReportReadException FromXmlException(XmlException e, string fileName) =>
        new(fileName, e.LineNumber > 0 ? e.LineNumber : null, $"not well-formed XML: {e.Message}", e);

    /// <summary>A reader error at the reader's current position.</summary>
    internal static ReportReadException Error(XmlReader reader, string fileName, string message) =>
        new(fileName, LineOf(reader), message);

    /// <summary>The 1-based line of the reader's current node, when the reader knows it.</summary>
    internal static int? LineOf(XmlReader reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo() && info.LineNumber > 0 ? info.LineNumber : null;

    /// <summary>
    /// Reads the text content of the current element, keeping at most <paramref name="maxLength"/> characters,
    /// and leaves the reader after the element's end. Text beyond the limit is consumed in chunks, never held.
    /// </summary>
    internal static string ReadBoundedText(XmlReader reader, int maxLength)
    {
        if (reader.NodeType != XmlNodeType.Element)
        {
            throw new InvalidOperationException("The reader must be on an element.");
        }

        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        var text = new StringBuilder();
        var buffer = new char[1024];
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                AppendChunks(reader, text, buffer, maxLength);
                continue;
            }

            reader.Read();
        }

        // Now on the element's end tag.
        reader.Read();
        return text.ToString();
    }

    /// <summary>Reads the current text node, keeping at most <paramref name="maxLength"/> characters, and moves past it.</summary>
    internal static string ReadBoundedValue(XmlReader reader, int maxLength)
    {
        var text = new StringBuilder();
        AppendChunks(reader, text, new char[1024], maxLength);
        return text.ToString();
    }

    /// <summary>Skips the current node and its subtree; text nodes inside are drained in chunks so none is held whole.</summary>
    internal static void SkipBounded(XmlReader reader)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        var buffer = new char[1024];
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                AppendChunks(reader, null, buffer, 0);
                continue;
            }

            reader.Read();
        }

        reader.Read();
    }

    /// <summary>
    /// The local name of the root element in the start of an XML file (prolog, comments and DOCTYPE skipped),
    /// or null when the text does not start like XML.
    /// </summary>
    internal static string? RootElementName(string head)
    {
        var i = 0;
        while (i < head.Length)
        {
            while (i < head.Length && (char.IsWhiteSpace(head[i]) || head[i] == '\uFEFF'))
            {
                i++;
            }

            if (i >= head.Length || head[i] != '<')
            {
                return null;
            }

            if (string.CompareOrdinal(head, i, "<?", 0, 2) == 0)
            {
                i = SkipPast(head, i, "?>");
            }
            else if (string.CompareOrdinal(head, i, "<!--", 0, 4) == 0)
            {
                i = SkipPast(head, i, "-->");
            }
            else if (string.CompareOrdinal(head, i, "<!", 0, 2) == 0)
            {
                var close = head.IndexOf('>', i);
                var subset = head.IndexOf('[', i);
                i = subset >= 0 && (close < 0 || subset < close) ? SkipPast(head, SkipPast(head, subset, "]"), ">") : SkipPast(head, i, ">");
            }
            else
            {
                var start = i + 1;
                var end = start;
                while (end < head.Length && !char.IsWhiteSpace(head[end]) && head[end] is not ('/' or '>'))
                {
                    end++;
                }

                var name = head[start..end];
                var colon = name.IndexOf(':');
                name = colon >= 0 ? name[(colon + 1)..] : name;
                return name.Length == 0 ? null : name;
            }

            if (i < 0)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Truncates a message to <paramref name="maxLength"/> characters.</summary>
    internal static string? Truncate(string? text, int maxLength) =>
        text is null || text.Length <= maxLength ? text : text[..maxLength];

    private static int SkipPast(string text, int from, string token)
    {
        if (from < 0)
        {
            return -1;
        }

        var at = text.IndexOf(token, from, StringComparison.Ordinal);
        return at < 0 ? -1 : at + token.Length;
    }

    private static bool MoveToContent(XmlReader reader)
    {
        reader.MoveToContent();
        return !reader.EOF && reader.NodeType != XmlNodeType.None;
    }

    // Reads the current text node with ReadValueChunk (which moves past it when done), or with Read when the
    // reader cannot read values in chunks.
    private static void AppendChunks(XmlReader reader, StringBuilder? text, char[] buffer, int maxLength)
    {
        if (!reader.CanReadValueChunk)
        {
            if (text is not null && text.Length < maxLength)
            {
                var value = reader.Value;
                text.Append(value, 0, Math.Min(value.Length, maxLength - text.Length));
            }

            reader.Read();
            return;
        }

        int read;
        while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            if (text is not null && text.Length < maxLength)
            {
                text.Append(buffer, 0, Math.Min(read, maxLength - text.Length));
            }
        }

        reader.Read();
    }
}
