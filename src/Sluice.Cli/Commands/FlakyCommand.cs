using System.CommandLine;
using System.Globalization;
using Sluice.Cli.Output;
using Sluice.Cli.Quality;
using Sluice.Quality.History;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice flaky list|quarantine|release</c>: the flaky tests history shows, and the quarantine list that keeps them from failing the gate.</summary>
internal static class FlakyCommand
{
    public static Command Create(CliConsole console)
    {
        var history = new Option<string?>("--history") { Description = "The history database (default: the Sluice server's history in a Sluice job, else .sluice/history.db in the repository).", HelpName = "PATH" };
        var command = new Command("flaky", "List flaky tests and keep the quarantine list.");
        command.Subcommands.Add(List(console, history));
        command.Subcommands.Add(Quarantine(console, history));
        command.Subcommands.Add(Release(console, history));
        return command;
    }

    private static Command List(CliConsole console, Option<string?> history)
    {
        var branch = new Option<string?>("--branch") { Description = "The branch whose recent runs are examined (default: the current branch).", HelpName = "NAME" };
        var window = new Option<int>("--window") { Description = "How many recent runs to examine.", DefaultValueFactory = _ => 30 };
        var format = OutputFormatOption.Create();
        var command = new Command("list", "Show the quarantine list and the tests recent runs show to be flaky.") { history, branch, window, format };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var opened = await HistoryLocation.OpenAsync(parseResult.GetValue(history), cancellationToken);
            var store = opened.Store;
            var quarantine = await store.GetQuarantineAsync(cancellationToken);
            var name = parseResult.GetValue(branch) ?? (await GitFacts.ReadAsync(Environment.CurrentDirectory, null, null, cancellationToken)).Branch ?? "main";
            var flaky = await DetectAsync(store, name, Math.Max(2, parseResult.GetValue(window)), quarantine, cancellationToken);
            if (parseResult.GetFormat(format) == OutputFormat.Json)
            {
                JsonOutput.Write(console.Out, indented: true, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("branch", name);
                    w.WriteStartArray("quarantine");
                    foreach (var q in quarantine)
                    {
                        w.WriteStartObject();
                        w.WriteString("test", q.TestId);
                        w.WriteString("reason", q.Reason);
                        w.WriteString("added_by", q.AddedBy);
                        w.WriteString("added_at", q.AddedAt);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("flaky");
                    foreach (var f in flaky)
                    {
                        w.WriteStartObject();
                        w.WriteString("test", f.Id);
                        w.WriteString("signals", f.Signals.ToString());
                        w.WriteNumber("failure_rate", Math.Round(f.FailureRate, 4));
                        w.WriteNumber("runs", f.Runs);
                        w.WriteBoolean("quarantined", f.Quarantined);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            console.Out.WriteLine(quarantine.Count == 0 ? "quarantine: empty" : $"quarantine: {quarantine.Count}");
            foreach (var q in quarantine)
            {
                console.Out.WriteLine($"  {q.TestId}  ({q.Reason}; {q.AddedBy}, {q.AddedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
            }

            console.Out.WriteLine(flaky.Count == 0 ? $"flaky on {name}: none in the last runs" : $"flaky on {name}: {flaky.Count}");
            foreach (var f in flaky)
            {
                console.Out.WriteLine($"  {f.Id}  fails {(100 * f.FailureRate).ToString("0.#", CultureInfo.InvariantCulture)}% of {f.Runs} runs ({f.Signals}){(f.Quarantined ? ", quarantined" : "")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The latest run judged against the runs before it, as the gate would have judged it.</summary>
    private static async Task<IReadOnlyList<FlakyTest>> DetectAsync(IQualityHistory store, string branch, int window, IReadOnlyList<QuarantineEntry> quarantine, CancellationToken cancellationToken)
    {
        var runs = await store.GetRunsAsync(branch, window, cancellationToken);
        if (runs.Count == 0)
        {
            return [];
        }

        var latest = runs[0];
        var sameTree = (await store.GetRunsForTreeAsync(latest.TreeHash, cancellationToken)).Where(r => r.Id != latest.Id).ToList();
        var report = await FlakyAnalysis.AnalyzeAsync(
            store.ReadFlakyCandidatesAsync(latest, [.. runs.Skip(1)], sameTree, cancellationToken),
            latest.Id,
            quarantine.Select(q => q.TestId).ToHashSet(StringComparer.Ordinal),
            [],
            new FlakyOptions { Window = window },
            cancellationToken);
        return report.Flaky;
    }

    private static Command Quarantine(CliConsole console, Option<string?> history)
    {
        var test = new Argument<string>("TEST") { Description = "The test id: class name and name, as reports give them (Shop.CartTests.Adds_items)." };
        var reason = new Option<string>("--reason") { Description = "Why it is quarantined (an issue link is best).", Required = true };
        var by = new Option<string?>("--by") { Description = "Who quarantines it (default: $USER)." };
        var command = new Command("quarantine", "Quarantine a test: it still runs but no longer fails the gate.") { test, reason, by, history };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var opened = await HistoryLocation.OpenAsync(parseResult.GetValue(history), cancellationToken);
            var store = opened.Store;
            var who = parseResult.GetValue(by) ?? Environment.GetEnvironmentVariable("USER") ?? "unknown";
            var entry = await store.QuarantineAsync(parseResult.GetValue(test)!, parseResult.GetValue(reason)!, who, cancellationToken);
            console.Out.WriteLine($"quarantined {entry.TestId} ({entry.Reason})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Release(CliConsole console, Option<string?> history)
    {
        var test = new Argument<string>("TEST") { Description = "The test id to release from quarantine." };
        var command = new Command("release", "Release a test from quarantine: its failures fail the gate again.") { test, history };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var opened = await HistoryLocation.OpenAsync(parseResult.GetValue(history), cancellationToken);
            var store = opened.Store;
            var id = parseResult.GetValue(test)!;
            if (!await store.ReleaseAsync(id, cancellationToken))
            {
                console.Error.WriteLine($"sluice: error: '{id}' is not in quarantine; 'sluice flaky list' shows the list");
                return ExitCodes.Failed;
            }

            console.Out.WriteLine($"released {id}");
            return ExitCodes.Success;
        });
        return command;
    }
}
