namespace Sluice.Server.Api.Tests.Support;

/// <summary>A body whose length is not known in advance (it cannot seek), so that it is sent chunked, without Content-Length.</summary>
public sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
}
