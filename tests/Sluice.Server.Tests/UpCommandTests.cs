using System.Text.RegularExpressions;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary><c>sluice up</c> the way a user first tries it: it starts, runs a repository's workflow, and stops cleanly on Ctrl-C.</summary>
[Collection(FleetCollection.Name)]
public sealed partial class UpCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Up_runs_a_triggered_workflow_and_stops_cleanly_on_ctrl_c()
    {
        var repository = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "demo");
        repository.Commit("initial", (".github/workflows/ci.yml", "on: push\njobs:\n  hello:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello from up\n"));
        var data = Path.Combine(_root.Path, "data");
        using var up = LiveSluice.Start("up", _root.Path, "up", "--data", data, "--listen", "127.0.0.1:0", "--agents", "1");
        var ready = await up.WaitForLineAsync(l => l.StartsWith("sluice is up at ", StringComparison.Ordinal), "its address", Fleet.Patience);
        var url = UpAt().Match(ready).Groups["url"].Value;
        await up.WaitForLineAsync(l => l.Contains(" is ready; waiting for jobs", StringComparison.Ordinal), "its agent", Fleet.Patience);

        // The client verbs find the admin token in the data folder.
        var added = await SluiceProcess.RunAsync(_root.Path, Fleet.Patience, null, null, "repo", "add", "demo", repository.Work, "--server", url, "--data", data);
        Assert.True(added.ExitCode == 0, added.ToString());
        var triggered = await SluiceProcess.RunAsync(_root.Path, Fleet.Patience, null, null, "trigger", "demo", "--follow", "--server", url, "--data", data);
        Assert.True(triggered.ExitCode == 0, triggered.ToString());
        Assert.Contains("[hello] hello from up", triggered.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  hello\s+success on local-1$", triggered.Stdout);

        await up.InterruptAsync();

        Assert.Equal(0, await up.WaitForExitAsync(Fleet.Patience));
        Assert.Contains("sluice: stopped", up.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();

    [GeneratedRegex(@"up at (?<url>http://[^ ]+)")]
    private static partial Regex UpAt();
}
