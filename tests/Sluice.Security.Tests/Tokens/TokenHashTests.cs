using Sluice.Security.Tokens;

namespace Sluice.Security.Tests.Tokens;

public sealed class TokenHashTests
{
    [Fact]
    public void An_issued_token_is_stored_as_the_SHA_256_of_its_text()
    {
        var issued = TokenIssuer.Issue(TokenScope.Read);

        Assert.Equal(TokenHash.Length, issued.Hash.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(issued.Text)), issued.Hash);
    }

    [Fact]
    public void A_presented_token_matches_its_own_stored_hash_and_no_other()
    {
        var mine = TokenIssuer.Issue(TokenScope.Admin);
        var other = TokenIssuer.Issue(TokenScope.Admin);
        Assert.True(TokenFormat.TryParse(mine.Text, out var presented, out _));

        Assert.True(TokenHash.Matches(presented, mine.Hash));
        Assert.False(TokenHash.Matches(presented, other.Hash));
        Assert.False(TokenHash.Matches(presented, mine.Hash.AsSpan(0, 31)));
        Assert.Equal(mine.Hash, presented.Hash());
    }
}
