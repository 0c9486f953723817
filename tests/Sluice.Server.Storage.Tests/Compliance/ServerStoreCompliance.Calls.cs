namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_located_call_is_one_run_event_with_its_file_and_text_recorded_once_per_leg()
    {
        var run = await NewRunAsync();
        var text = "on: workflow_call\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo \"é ${{ inputs.a }}\" }]\n";

        Assert.True(await Store.RecordCallAsync(run.Id, "call", ".github/workflows/called.yml", text, None).Timed());
        Assert.False(await Store.RecordCallAsync(run.Id, "call", ".github/workflows/other.yml", "changed", None).Timed());
        Assert.True(await Store.RecordCallAsync(run.Id, "fan-2", "'./x' is not a workflow file inside the repository", null, None).Timed());

        var events = await Store.RunEventsAsync(run.Id, 0, None).Timed();
        Assert.Equal(
            [("call", "call", (string?)null, ".github/workflows/called.yml", text), ("call", "fan-2", "failure", "'./x' is not a workflow file inside the repository", (string?)null)],
            events.Select(e => (e.Kind, e.LegKey!, e.Conclusion, e.Detail!, e.Body)));
        Assert.Equal(RunStatuses.InProgress, (await Store.RunAsync(run.Id, None).Timed())!.Status);
    }
}
