namespace Sluice.Protocol;

/// <summary>An error answer in the shape of RFC 9457 problem details.</summary>
public sealed record Problem(string Type, string Title, int Status, string? Detail);
