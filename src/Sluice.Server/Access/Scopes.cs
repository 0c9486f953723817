namespace Sluice.Server.Access;

/// <summary>
/// What a token may do. <c>read</c> sees runs, logs and agents; <c>trigger</c> also starts, cancels and re-runs runs;
/// <c>admin</c> also manages repositories, secrets, tokens and agents. <c>agent</c> is a one-time registration token
/// for <c>sluice agent</c>, which then holds its own credential for the agent endpoints only.
/// </summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Trigger = "trigger";
    public const string Admin = "admin";
    public const string Agent = "agent";

    public static readonly string[] All = [Read, Trigger, Admin, Agent];

    public static int Rank(string scope) => scope switch
    {
        Read => 1,
        Trigger => 2,
        Admin => 3,
        _ => 0,
    };

    public static bool Allows(string held, string needed) => Rank(held) >= Rank(needed) && Rank(needed) > 0;
}
