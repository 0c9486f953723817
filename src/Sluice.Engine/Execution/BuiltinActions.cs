namespace Sluice.Engine.Execution;

/// <summary>The actions Sluice runs itself; everything else is reported before a run starts.</summary>
public static class BuiltinActions
{
    public static IReadOnlyList<IBuiltinAction> All { get; } =
    [
        new BuiltinCheckout(),
        new Artifacts.UploadArtifact(legacy: false),
        new Artifacts.UploadArtifact(legacy: true),
        new Artifacts.DownloadArtifact(),
        new Cache.CacheAction(),
        new Cache.CacheRestoreAction(),
        new Cache.CacheSaveAction(),
        .. Setup.InstalledTool.All.Select(tool => new Setup.SetupToolAction(tool)),
    ];

    public static IBuiltinAction? Find(string uses) => All.FirstOrDefault(a => a.Handles(uses));
}
