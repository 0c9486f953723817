using System.CommandLine;

namespace Sluice.Cli.Running;

/// <summary>The options, as given, that say where actions of other repositories come from and which may run.</summary>
internal sealed record ActionSourceRequest
{
    /// <summary><c>--action-cache DIR</c>; null falls back to <c>SLUICE_ACTION_CACHE</c>.</summary>
    public string? ActionCache { get; init; }

    /// <summary><c>--actions-url URL</c>; null falls back to <c>SLUICE_ACTIONS_URL</c>, then GitHub.</summary>
    public string? ActionsUrl { get; init; }

    public IReadOnlyList<string> RealActions { get; init; } = [];

    public IReadOnlyList<string> Allow { get; init; } = [];

    public IReadOnlyList<string> Deny { get; init; } = [];

    public bool RequireShaPinning { get; init; }

    /// <summary><c>--offline</c>: never ask the actions host; only what the caches hold.</summary>
    public bool Offline { get; init; }

    /// <summary><c>--refresh-actions</c>: ask the host what every tag and branch points at now, however recently it was asked.</summary>
    public bool Refresh { get; init; }

    /// <summary>The options again, as arguments: what <c>sluice agent</c> passes on to each job's worker.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string>();
        if (ActionCache is { } cache)
        {
            args.AddRange(["--action-cache", Path.GetFullPath(cache)]);
        }

        if (ActionsUrl is { } url)
        {
            args.AddRange(["--actions-url", url]);
        }

        args.AddRange(RealActions.SelectMany(a => new[] { "--real-action", a }));
        args.AddRange(Allow.SelectMany(a => new[] { "--allow-action", a }));
        args.AddRange(Deny.SelectMany(a => new[] { "--deny-action", a }));
        args.AddRange(new (bool On, string Flag)[] { (RequireShaPinning, "--require-sha-pinning"), (Offline, "--offline"), (Refresh, "--refresh-actions") }.Where(f => f.On).Select(f => f.Flag));
        return args;
    }
}

/// <summary>The options of <c>sluice run</c>, <c>sluice actions pull</c> and <c>sluice agent</c> that say where actions come from and which may run.</summary>
internal sealed class ActionSourceOptions
{
    private readonly Option<string?> _actionCache = new("--action-cache") { Description = $"A folder of other repositories' files laid out as DIR/owner/repo/ref/, read before the action store (default: ${Engine.Execution.Actions.ActionCache.EnvironmentVariable}).", HelpName = "DIR" };
    private readonly Option<string?> _actionsUrl = new("--actions-url") { Description = $"The git host actions and reusable workflows are fetched from: https://github.com (the default), GitHub Enterprise, Gitea, Forgejo or a mirror; http(s):// or file:// (default: ${Sluice.Actions.ActionsHost.EnvironmentVariable}).", HelpName = "URL" };
    private readonly Option<string[]> _realActions = new("--real-action") { Description = "Run this action itself instead of Sluice's built-in one (actions/checkout, actions/setup-*). Repeatable.", HelpName = "OWNER/REPO" };
    private readonly Option<string[]> _allow = new("--allow-action") { Description = "Only actions matching these patterns may run (GitHub's syntax: actions/*, acme/deploy@v2; !PATTERN blocks). Repeatable.", HelpName = "PATTERN" };
    private readonly Option<string[]> _deny = new("--deny-action") { Description = "Actions matching this pattern may not run, whatever else allows them. Repeatable.", HelpName = "PATTERN" };
    private readonly Option<bool> _requireShaPinning = new("--require-sha-pinning") { Description = "Refuse actions and reusable workflows not pinned to a full-length commit SHA." };
    private readonly Option<bool> _offline = new("--offline") { Description = "Never contact the actions host: use only what the action cache holds (see sluice actions pull)." };
    private readonly Option<bool> _refresh = new("--refresh-actions") { Description = $"Ask the actions host what each tag and branch points at now; without it, one resolved in the last {ActionSources.RefLifetime.TotalMinutes:0} minutes is used as it was, with no network round trip." };

    public IEnumerable<Option> All => [_actionCache, _actionsUrl, _realActions, _allow, _deny, _requireShaPinning, _offline, _refresh];

    public ActionSourceRequest Read(ParseResult parseResult) => new()
    {
        ActionCache = parseResult.GetValue(_actionCache),
        ActionsUrl = parseResult.GetValue(_actionsUrl),
        RealActions = parseResult.GetValue(_realActions) ?? [],
        Allow = parseResult.GetValue(_allow) ?? [],
        Deny = parseResult.GetValue(_deny) ?? [],
        RequireShaPinning = parseResult.GetValue(_requireShaPinning),
        Offline = parseResult.GetValue(_offline),
        Refresh = parseResult.GetValue(_refresh),
    };
}
