namespace Sluice.Engine.Execution;

/// <summary>The actions Sluice runs itself; everything else is reported before a run starts.</summary>
public static class BuiltinActions
{
    public static IReadOnlyList<IBuiltinAction> All { get; } =
    [
        new BuiltinCheckout(),
    ];

    public static IBuiltinAction? Find(string uses) => All.FirstOrDefault(a => a.Handles(uses));
}
