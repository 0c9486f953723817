using System.CommandLine;
using Sluice.Server;

namespace Sluice.Cli.Server;

/// <summary>
/// How the web dashboard lets people in: <c>--session-hours</c> (how long signing in lasts) and <c>--public-read</c>
/// (whether visitors without a token may read). <c>sluice server</c> is private unless told; <c>sluice up</c>, a
/// server on one's own machine, is readable without a token while it listens on loopback, unless <c>--no-public-read</c>.
/// </summary>
internal sealed class WebSessionFlags
{
    private const int MaxSessionHours = 720;

    private readonly bool _publicOnLoopback;

    private readonly Option<int> _sessionHours = new("--session-hours")
    {
        Description = $"How long a web dashboard session lasts after signing in with a token, in hours (1 to {MaxSessionHours}; never past the token's own expiry).",
        DefaultValueFactory = _ => 12,
        HelpName = "N",
    };

    private readonly Option<bool> _publicRead;

    private readonly Option<bool>? _noPublicRead;

    public WebSessionFlags(bool publicOnLoopback)
    {
        _publicOnLoopback = publicOnLoopback;
        _publicRead = new Option<bool>("--public-read")
        {
            Description = publicOnLoopback
                ? "Let visitors without a token read runs, logs, artifacts and agents even when listening beyond loopback (on loopback they may already)."
                : "Let visitors without a token read runs, logs, artifacts, quality history and agents in the dashboard and the API; never secrets, tokens, the audit log or any change.",
        };
        _noPublicRead = publicOnLoopback
            ? new Option<bool>("--no-public-read") { Description = "Visitors without a token see nothing: the dashboard asks everyone to sign in." }
            : null;
    }

    public IEnumerable<Option> All => _noPublicRead is null ? [_publicRead, _sessionHours] : [_publicRead, _noPublicRead, _sessionHours];

    public ServerOptions ApplyTo(ServerOptions options, ParseResult parse)
    {
        var hours = parse.GetValue(_sessionHours);
        if (hours is < 1 or > MaxSessionHours)
        {
            throw new UsageException($"{_sessionHours.Name} takes 1 to {MaxSessionHours} hours, not {hours}");
        }

        var on = parse.GetValue(_publicRead);
        var off = _noPublicRead is not null && parse.GetValue(_noPublicRead);
        if (on && off)
        {
            throw new UsageException("give --public-read or --no-public-read, not both");
        }

        var publicRead = on || (!off && _publicOnLoopback && ListensOnLoopback(options.Listen));
        return options with { PublicRead = publicRead, WebSession = TimeSpan.FromHours(hours) };
    }

    private static bool ListensOnLoopback(string listen)
    {
        try
        {
            return System.Net.IPAddress.IsLoopback(ListenAddress.Parse(listen).Address);
        }
        catch (FormatException)
        {
            // The server refuses the address itself, saying why.
            return false;
        }
    }
}
