using System.Text;

namespace Sluice.Actions.Git;

/// <summary>The last bytes of a stream, for a message: git's progress lines can be long, its explanation comes last.</summary>
internal sealed class ErrorTailBuffer(int capacity)
{
    private readonly Lock _gate = new();
    private byte[] _bytes = [];

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var joined = new byte[Math.Min(capacity, _bytes.Length + data.Length)];
            var fromData = Math.Min(data.Length, joined.Length);
            var fromOld = joined.Length - fromData;
            _bytes.AsSpan(_bytes.Length - fromOld).CopyTo(joined);
            data[^fromData..].CopyTo(joined.AsSpan(fromOld));
            _bytes = joined;
        }
    }

    /// <summary>The text, with progress lines (ended by carriage returns) split like any other line.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_bytes).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            }
        }
    }
}
