namespace Sluice.Containers.Tests;

/// <summary>
/// One running test-image container shared by the tests of a class that only exec in it (starting a container
/// costs about a second on podman). Removed when the class is done.
/// </summary>
public sealed class RunningContainer : IAsyncLifetime
{
    private readonly ContainerEngine engine = TestEngine.Connect();

    public string Id { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var spec = new ContainerSpec { Image = TestEngine.Image, Cmd = ["sleep", "3600"] };
        spec.Labels[TestEngine.Label] = "1";
        Id = await engine.CreateContainerAsync(spec).Timed();
        await engine.StartAsync(Id).Timed();
    }

    public async Task DisposeAsync()
    {
        if (Id.Length > 0)
        {
            await engine.RemoveAsync(Id).Timed();
        }

        engine.Dispose();
    }
}
