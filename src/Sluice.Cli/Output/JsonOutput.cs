using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Cli.Output;

/// <summary>Writes JSON documents to a text stream with <see cref="Utf8JsonWriter"/>: no reflection, so the CLI stays trimmable and AOT-compiled.</summary>
internal static class JsonOutput
{
    // The output goes to terminals and tools, never into HTML, so non-ASCII text stays readable.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Writes one document followed by a newline; <paramref name="indented"/> is for people, single-line for line-based protocols.</summary>
    public static void Write(TextWriter output, bool indented, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Encoder }))
        {
            write(writer);
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }

    /// <summary>
    /// Like <see cref="Write"/>, but for documents too large to hold: <paramref name="write"/> flushes the writer as
    /// it goes (<see cref="Utf8JsonWriter.Flush"/>) and the bytes reach the output's stream at once.
    /// </summary>
    public static void WriteStreaming(TextWriter output, bool indented, Action<Utf8JsonWriter> write)
    {
        if (output is not StreamWriter { BaseStream: var stream })
        {
            Write(output, indented, write);
            return;
        }

        output.Flush();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = Encoder }))
        {
            write(writer);
        }

        stream.Write("\n"u8);
        stream.Flush();
    }

    public static void WriteNullableNumber(this Utf8JsonWriter writer, string propertyName, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(propertyName, number);
        }
        else
        {
            writer.WriteNull(propertyName);
        }
    }
}
