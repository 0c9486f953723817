namespace Sluice.Actions.Tree;

/// <summary>What an extraction wrote: the bytes of its files and what it left out, and why.</summary>
internal sealed record ExtractedTree(long Bytes, IReadOnlyList<string> LeftOut);
