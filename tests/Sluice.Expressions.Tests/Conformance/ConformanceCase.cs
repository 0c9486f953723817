using System.Text.Json;

namespace Sluice.Expressions.Tests.Conformance;

/// <summary>One case of GitHub's expression test vectors (see shared/conformance/README.md).</summary>
public sealed record ConformanceCase(string Name, string Expr, JsonElement? Contexts, JsonElement? Result, JsonElement? Error)
{
    public override string ToString() => Name;
}
