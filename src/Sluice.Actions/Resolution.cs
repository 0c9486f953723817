namespace Sluice.Actions;

/// <summary>The commit a request resolved to, and notes for the log (a ref answered from the cache, say).</summary>
internal sealed record Resolution(string Commit, IReadOnlyList<string> Notes);
