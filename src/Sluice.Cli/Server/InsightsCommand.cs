using System.CommandLine;
using System.Globalization;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice insights [REPO] [--days N]</c>: a repository's figures per UTC day (runs, how they ended, durations, queue
/// waits, flaky quality runs) and its slowest and most failing tests, as a compact table (docs/insights.md).
/// </summary>
internal static class InsightsCommand
{
    private const int MaxDays = 365;

    public static Command Create(CliConsole console)
    {
        var client = new ClientCommand(console);
        var name = new Argument<string>("REPO") { Description = "The repository. Default: the server's only one.", Arity = ArgumentArity.ZeroOrOne };
        var days = new Option<int>("--days") { Description = $"How many days, today (UTC) included: 1 to {MaxDays}.", DefaultValueFactory = _ => 30, HelpName = "N" };
        var branch = new Option<string>("--branch") { Description = "Only this branch (or whole ref).", HelpName = "BRANCH" };
        var workflow = new Option<string>("--workflow") { Description = "Only runs of this workflow (name, file or file name).", HelpName = "WORKFLOW" };
        return client.Create(
            "insights",
            "Show a repository's runs, durations, queue waits and flaky tests per day, and its slowest and most failing tests.",
            async (parse, api, cancellationToken) =>
            {
                var period = parse.GetValue(days);
                if (period is < 1 or > MaxDays)
                {
                    throw new UsageException($"--days takes 1 to {MaxDays} days, not {period}");
                }

                var repository = parse.GetValue(name) ?? await OnlyRepositoryAsync(api, cancellationToken);
                var query = $"?days={period}"
                    + (parse.GetValue(branch) is { } b ? "&branch=" + Uri.EscapeDataString(b) : "")
                    + (parse.GetValue(workflow) is { } w ? "&workflow=" + Uri.EscapeDataString(w) : "");
                var insights = (await api.GetAsync($"api/v1/repos/{Uri.EscapeDataString(repository)}/insights{query}", ProtocolJson.Default.InsightsView, cancellationToken))!;
                if (client.Json(parse))
                {
                    client.WriteJson(insights, ProtocolJson.Default.InsightsView);
                }
                else
                {
                    InsightsTable.Write(console.Out, repository, insights);
                }

                return ExitCodes.Success;
            },
            name,
            days,
            branch,
            workflow);
    }

    /// <summary>The repository a command means when none is named: the only one the caller may read.</summary>
    internal static async Task<string> OnlyRepositoryAsync(ApiClient api, CancellationToken cancellationToken)
    {
        var repositories = await api.GetAsync("api/v1/repos", ProtocolJson.Default.IReadOnlyListRepositoryView, cancellationToken) ?? [];
        return repositories.Count == 1
            ? repositories[0].Name
            : throw new UsageException(repositories.Count == 0
                ? "the server has no repository you may read (sluice repo add)"
                : $"name the repository: one of {string.Join(", ", repositories.Select(r => r.Name))}");
    }
}
