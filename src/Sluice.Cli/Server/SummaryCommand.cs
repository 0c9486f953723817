using System.CommandLine;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary><c>sluice summary RUN [--job K]</c>: what the run's steps wrote to <c>$GITHUB_STEP_SUMMARY</c>, as GitHub shows it on a run's page.</summary>
internal static class SummaryCommand
{
    public static Command Create(CliConsole console)
    {
        var client = new ClientCommand(console);
        var run = new Argument<long>("RUN") { Description = "The run's id." };
        var job = new Option<string>("--job") { Description = "Only this job (its key, such as test-2).", HelpName = "JOB" };
        return client.Create(
            "summary",
            "Print the step summaries of a run's jobs (Markdown written to $GITHUB_STEP_SUMMARY).",
            async (parse, api, cancellationToken) =>
            {
                var id = parse.GetValue(run);
                var summaries = (await api.GetAsync($"api/v1/runs/{id}/summaries", ProtocolJson.Default.IReadOnlyListStepSummaryView, cancellationToken) ?? [])
                    .Where(s => parse.GetValue(job) is not { } key || s.Job == key)
                    .ToList();
                if (client.Json(parse))
                {
                    client.WriteJson<IReadOnlyList<StepSummaryView>>(summaries, ProtocolJson.Default.IReadOnlyListStepSummaryView);
                    return ExitCodes.Success;
                }

                if (summaries.Count == 0)
                {
                    console.Out.WriteLine($"run {id} has no step summaries{(parse.GetValue(job) is { } only ? $" for job {only}" : "")}");
                    return ExitCodes.Success;
                }

                // Each job's latest attempt, as GitHub shows the summary of the attempt that counted.
                foreach (var attempt in summaries.GroupBy(s => s.Job, StringComparer.Ordinal).Select(g => g.Where(s => s.Attempt == g.Max(x => x.Attempt))))
                {
                    var first = attempt.First();
                    console.Out.WriteLine($"## {first.Job}{(first.Attempt > 1 ? $" (attempt {first.Attempt})" : "")}");
                    console.Out.WriteLine();
                    foreach (var step in attempt)
                    {
                        console.Out.WriteLine(step.Markdown.TrimEnd('\n'));
                        console.Out.WriteLine();
                    }
                }

                return ExitCodes.Success;
            },
            run,
            job);
    }
}
