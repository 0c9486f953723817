namespace Sluice.Actions;

/// <summary>The commit a request resolved to, the full ref the host named (for hosts that do not hand out commits by SHA), and notes for the log.</summary>
internal sealed record Resolution(string Commit, string? FetchRef, IReadOnlyList<string> Notes);
