using System.CommandLine;
using System.Text;
using Sluice.Cli.Output;
using Sluice.Cli.Quality;
using Sluice.Quality.History;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice split</c>: one shard of a test list, balanced by recorded durations so that parallel jobs finish together.</summary>
internal static class SplitCommand
{
    public static Command Create(CliConsole console)
    {
        var tests = new Argument<string[]>("TESTS") { Description = "Test ids; '@FILE' reads one per line from a file, '-' from standard input.", Arity = ArgumentArity.OneOrMore };
        var shards = new Option<int>("--shards") { Description = "How many shards (parallel jobs).", Required = true };
        var index = new Option<int>("--index") { Description = "Which shard to print, from 0 to shards-1.", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "lines (one id a line), dotnet-filter (for dotnet test --filter) or json.", DefaultValueFactory = _ => "lines" };
        format.AcceptOnlyFromAmong("lines", "dotnet-filter", "json");
        var history = new Option<string?>("--history") { Description = "The history database with recorded durations (default: the Sluice server's history in a Sluice job, else .sluice/history.db in the repository).", HelpName = "PATH" };
        var command = new Command("split", "Print one shard of a test list, balanced by recorded durations (longest first).") { tests, shards, index, format, history };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var shardCount = parseResult.GetValue(shards);
            var shardIndex = parseResult.GetValue(index);
            if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount)
            {
                throw new UsageException($"--index must be from 0 to {shardCount - 1} and --shards at least 1 (got --shards {shardCount} --index {shardIndex})");
            }

            var ids = ReadIds(parseResult.GetValue(tests) ?? [], console);
            IReadOnlyDictionary<string, double> durations = new Dictionary<string, double>();
            if (HistoryLocation.Available(parseResult.GetValue(history)))
            {
                await using var opened = await HistoryLocation.OpenAsync(parseResult.GetValue(history), cancellationToken);
                durations = await opened.Store.GetLatestDurationsAsync(null, cancellationToken);
            }

            var shard = TestSplitter.Split(ids, durations, shardCount)[shardIndex];
            switch (parseResult.GetValue(format))
            {
                case "json":
                    JsonOutput.Write(console.Out, indented: true, w =>
                    {
                        w.WriteStartObject();
                        w.WriteNumber("index", shard.Index);
                        w.WriteNumber("shards", shardCount);
                        w.WriteNumber("estimated_seconds", Math.Round(shard.EstimatedSeconds, 3));
                        w.WriteStartArray("tests");
                        foreach (var id in shard.Tests)
                        {
                            w.WriteStringValue(id);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                    break;
                case "dotnet-filter":
                    console.Out.WriteLine(DotnetFilter(shard.Tests));
                    break;
                default:
                    foreach (var id in shard.Tests)
                    {
                        console.Out.WriteLine(id);
                    }

                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static List<string> ReadIds(string[] arguments, CliConsole console)
    {
        var ids = new List<string>();
        foreach (var argument in arguments)
        {
            if (argument == "-")
            {
                using var input = console.OpenInput();
                ids.AddRange(Lines(input));
            }
            else if (argument.StartsWith('@'))
            {
                var file = argument[1..];
                if (!File.Exists(file))
                {
                    throw new UsageException($"the test list '{file}' does not exist");
                }

                using var reader = new StreamReader(file);
                ids.AddRange(Lines(reader));
            }
            else
            {
                ids.Add(argument);
            }
        }

        return ids;
    }

    private static IEnumerable<string> Lines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } id && !id.StartsWith('#'))
            {
                yield return id;
            }
        }
    }

    /// <summary><c>FullyQualifiedName=A|FullyQualifiedName=B</c>, with the filter language's special characters escaped; an empty shard matches nothing.</summary>
    public static string DotnetFilter(IReadOnlyList<string> tests)
    {
        if (tests.Count == 0)
        {
            return "FullyQualifiedName=Sluice.NoTestsInThisShard";
        }

        var filter = new StringBuilder();
        foreach (var test in tests)
        {
            if (filter.Length > 0)
            {
                filter.Append('|');
            }

            filter.Append("FullyQualifiedName=");
            foreach (var c in test)
            {
                if (c is '\\' or '(' or ')' or '&' or '|' or '=' or '!' or '~')
                {
                    filter.Append('\\');
                }

                filter.Append(c);
            }
        }

        return filter.ToString();
    }
}
