using System.CommandLine;
using Sluice.Delivery.Dora;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice dora [REPO] [--env NAME] [--since 30d]</c>: a repository's DORA figures (deployment frequency, lead time,
/// change failure rate, time to restore) with their bands, and its deployments and failures per day (docs/dora.md).
/// </summary>
internal static class DoraCommand
{
    public static Command Create(CliConsole console)
    {
        var client = new ClientCommand(console);
        var name = new Argument<string>("REPO") { Description = "The repository. Default: the server's only one.", Arity = ArgumentArity.ZeroOrOne };
        var environment = new Option<string>("--env") { Description = "Only this environment. Default: all of them.", HelpName = "NAME" };
        var since = new Option<string>("--since") { Description = $"The period up to now: Nd, N from 1 to {DoraPeriod.MaxDays}.", DefaultValueFactory = _ => $"{DoraPeriod.DefaultDays}d", HelpName = "Nd" };
        return client.Create(
            "dora",
            "Show a repository's DORA figures: deployment frequency, lead time, change failure rate and time to restore, with their bands.",
            async (parse, api, cancellationToken) =>
            {
                var period = parse.GetValue(since)!;
                var days = DoraPeriod.ParseDays(period) ?? throw new UsageException($"--since takes a number of days from 1 to {DoraPeriod.MaxDays} such as 30d, not '{period}'");
                var repository = parse.GetValue(name) ?? await InsightsCommand.OnlyRepositoryAsync(api, cancellationToken);
                var query = $"?since={days}d" + (parse.GetValue(environment) is { } env ? "&env=" + Uri.EscapeDataString(env) : "");
                var dora = (await api.GetAsync($"api/v1/repos/{Uri.EscapeDataString(repository)}/dora{query}", ProtocolJson.Default.DoraView, cancellationToken))!;
                if (client.Json(parse))
                {
                    client.WriteJson(dora, ProtocolJson.Default.DoraView);
                }
                else
                {
                    DoraText.Write(console.Out, dora);
                }

                return ExitCodes.Success;
            },
            name,
            environment,
            since);
    }
}
