namespace Sluice.Dashboard;

/// <summary>
/// One file of the dashboard as it is sent: its bytes as they are, and compressed once with gzip and Brotli when that
/// makes them smaller (null otherwise), with a strong ETag of its content.
/// </summary>
public sealed record DashboardAsset(string Path, string ContentType, byte[] Identity, byte[]? Gzip, byte[]? Brotli, string ETag);
