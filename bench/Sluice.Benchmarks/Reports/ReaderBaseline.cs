using System.Xml;

namespace Sluice.Benchmarks.Reports;

/// <summary>
/// Floors for a breakdown of where a reader's time goes: the same file through a bare <see cref="XmlReader"/> (the
/// settings Sluice's readers use, every node visited, attributes not read), or through a bare newline count.
/// </summary>
internal static class ReaderBaseline
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CheckCharacters = true,
    };

    /// <summary>Elements in the document.</summary>
    public static long XmlNodes(string path)
    {
        using var stream = Open(path);
        using var reader = XmlReader.Create(stream, Settings);
        long elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                elements++;
            }
        }

        return elements;
    }

    /// <summary>Newlines in the file, read in 64 KB blocks: the I/O and scanning floor of a line reader.</summary>
    public static long Newlines(string path)
    {
        using var stream = Open(path);
        var buffer = new byte[64 * 1024];
        long lines = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
}
