using System.Net;
using System.Text.RegularExpressions;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests;

/// <summary>
/// Who may read without a token, as the commands set it: <c>sluice up</c> on loopback lets anyone on the machine read
/// unless <c>--no-public-read</c>; <c>sluice server</c> asks for a token unless <c>--public-read</c>.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed partial class PublicReadCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Theory(Timeout = FleetCollection.TestTimeout)]
    [InlineData(new[] { "up" }, HttpStatusCode.OK)]
    [InlineData(new[] { "up", "--no-public-read" }, HttpStatusCode.Unauthorized)]
    [InlineData(new[] { "server" }, HttpStatusCode.Unauthorized)]
    [InlineData(new[] { "server", "--public-read" }, HttpStatusCode.OK)]
    public async Task A_visitor_without_a_token_reads_the_runs_only_where_the_command_allows_it(string[] command, HttpStatusCode expected)
    {
        string[] args = [.. command, "--data", Path.Combine(_root.Path, "data"), "--listen", "127.0.0.1:0", .. command[0] == "up" ? new[] { "--agents", "0" } : []];
        using var sluice = LiveSluice.Start(command[0], _root.Path, ownSession: true, args);
        var ready = await sluice.WaitForLineAsync(l => l.StartsWith(command[0] == "up" ? "sluice is up at " : "sluice server listening on ", StringComparison.Ordinal), "its address", Fleet.Patience);
        var url = ListeningAt().Match(ready).Groups["url"].Value;
        if (command[0] == "up")
        {
            Assert.Contains(expected == HttpStatusCode.OK ? "anyone who can reach it may read runs and logs without a token" : "reading takes a token", ready, StringComparison.Ordinal);
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Fleet.Patience };
        using (var runs = await http.GetAsync("api/v1/runs").WaitAsync(Fleet.Patience))
        {
            Assert.Equal(expected, runs.StatusCode);
        }

        using (var tokens = await http.GetAsync("api/v1/tokens").WaitAsync(Fleet.Patience))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, tokens.StatusCode);
        }

        await sluice.InterruptGroupAsync();
        Assert.Equal(0, await sluice.WaitForExitAsync(Fleet.Patience));
    }

    [Theory(Timeout = FleetCollection.TestTimeout)]
    [InlineData("--session-hours", "0", "--session-hours takes 1 to 720 hours, not 0")]
    [InlineData("--session-hours", "721", "--session-hours takes 1 to 720 hours, not 721")]
    [InlineData("--public-read", "--no-public-read", "give --public-read or --no-public-read, not both")]
    public async Task Session_and_public_read_options_out_of_bounds_are_usage_errors(string first, string second, string message)
    {
        var result = await SluiceProcess.RunAsync(_root.Path, Fleet.Patience, null, null, "up", "--data", Path.Combine(_root.Path, "data"), "--listen", "127.0.0.1:0", "--agents", "0", first, second);
        Assert.Equal((2, $"sluice: error: {message}"), (result.ExitCode, result.Stderr.Trim()));
    }

    public void Dispose() => _root.Dispose();

    [GeneratedRegex(@"(?:listening on|up at) (?<url>http://[^ ]+)")]
    private static partial Regex ListeningAt();
}
