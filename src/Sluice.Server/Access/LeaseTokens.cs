using System.Security.Cryptography;
using Sluice.Security.Tokens;

namespace Sluice.Server.Access;

/// <summary>
/// The proof of one attempt of one job: random, given to the agent with the job, stored only as its hash, and good
/// only while that attempt is the job's running one. It is not an API token and opens nothing else.
/// </summary>
public static class LeaseTokens
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => TokenHash.Of(token);
}
