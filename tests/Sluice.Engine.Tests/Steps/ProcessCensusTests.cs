using System.Globalization;
using Sluice.Engine.Steps;
using static Sluice.Engine.Tests.Steps.StepTestSupport;

namespace Sluice.Engine.Tests.Steps;

public sealed class ProcessCensusTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly List<int> _started = [];

    public void Dispose()
    {
        foreach (var pid in _started)
        {
            ProcessTreeStopper.SendSignal(pid, ProcessTreeStopper.SigKill);
        }

        _scratch.Dispose();
    }

    [Fact]
    public async Task A_scan_for_an_id_skips_processes_seen_before_its_first_use_and_reads_those_started_after()
    {
        var trackingId = Guid.NewGuid().ToString("N");
        var before = await StartBackgroundSleepAsync();
        Assert.Contains(before, ProcessCensus.Candidates(trackingId)!);

        ProcessCensus.NoteFirstUse(trackingId);
        var after = await StartBackgroundSleepAsync();
        var candidates = ProcessCensus.Candidates(trackingId)!;

        Assert.DoesNotContain(before, candidates);
        Assert.Contains(after, candidates);
        Assert.Contains(after, ProcessCensus.Candidates(trackingId)!);
    }

    [Fact]
    public async Task An_id_never_used_or_forgotten_reads_every_process()
    {
        var trackingId = Guid.NewGuid().ToString("N");
        var running = await StartBackgroundSleepAsync();
        ProcessCensus.NoteFirstUse(trackingId);
        ProcessCensus.Forget(trackingId);

        Assert.Contains(running, ProcessCensus.Candidates(trackingId)!);
        Assert.Contains(running, ProcessCensus.Candidates(Guid.NewGuid().ToString("N"))!);
    }

    private async Task<int> StartBackgroundSleepAsync()
    {
        var lines = new List<string>();
        var spec = new ProcessSpec("sh", ["-c", "sleep 1000 >/dev/null 2>&1 & echo $!"], _scratch.Path, MinimalEnvironment, null);
        var outcome = await new ProcessRunner().RunAsync(spec, lines.Add, _ => { }, CancellationToken.None).WaitAsync(AwaitTimeout);
        Assert.Equal(0, outcome.ExitCode);
        var pid = int.Parse(lines[0], CultureInfo.InvariantCulture);
        _started.Add(pid);
        return pid;
    }
}
