using System.Text;
using System.Text.Json;

namespace Sluice.Benchmarks.Compare;

/// <summary>Writes one compact JSON object, numbers rounded as the npm benches round them.</summary>
internal sealed class JsonLine : IDisposable
{
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public JsonLine()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartObject();
    }

    public JsonLine Add(string name, string value)
    {
        _writer.WriteString(name, value);
        return this;
    }

    public JsonLine Add(string name, double value, int digits = 3)
    {
        _writer.WriteNumber(name, Math.Round(value, digits));
        return this;
    }

    public JsonLine Add(string name, long value)
    {
        _writer.WriteNumber(name, value);
        return this;
    }

    public JsonLine Begin(string name)
    {
        _writer.WriteStartObject(name);
        return this;
    }

    public JsonLine End()
    {
        _writer.WriteEndObject();
        return this;
    }

    public string Complete()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.ToArray());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
