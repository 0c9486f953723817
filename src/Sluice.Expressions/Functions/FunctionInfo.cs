namespace Sluice.Expressions;

/// <summary>Name and arity of a function; context-dependent ones may be switched off by <see cref="ExpressionParserOptions.Functions"/>.</summary>
internal sealed record FunctionInfo(FunctionId Id, string Name, int MinArgs, int MaxArgs, bool IsContextDependent)
{
    private static readonly Dictionary<string, FunctionInfo> ByName = Create();

    public static bool TryGet(string name, out FunctionInfo info) => ByName.TryGetValue(name, out info!);

    private static Dictionary<string, FunctionInfo> Create()
    {
        FunctionInfo[] all =
        [
            new(FunctionId.Contains, "contains", 2, 2, false),
            new(FunctionId.StartsWith, "startsWith", 2, 2, false),
            new(FunctionId.EndsWith, "endsWith", 2, 2, false),
            new(FunctionId.Format, "format", 1, int.MaxValue, false),
            new(FunctionId.Join, "join", 1, 2, false),
            new(FunctionId.ToJson, "toJSON", 1, 1, false),
            new(FunctionId.FromJson, "fromJSON", 1, 1, false),
            new(FunctionId.Case, "case", 3, int.MaxValue, false),
            new(FunctionId.HashFiles, "hashFiles", 1, int.MaxValue, true),
            new(FunctionId.Success, "success", 0, int.MaxValue, true),
            new(FunctionId.Always, "always", 0, 0, true),
            new(FunctionId.Cancelled, "cancelled", 0, 0, true),
            new(FunctionId.Failure, "failure", 0, int.MaxValue, true),
        ];
        var byName = new Dictionary<string, FunctionInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in all)
        {
            byName.Add(info.Name, info);
        }

        return byName;
    }
}
