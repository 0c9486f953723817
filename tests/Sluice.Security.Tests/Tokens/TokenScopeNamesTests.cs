using Sluice.Security.Tokens;

namespace Sluice.Security.Tests.Tokens;

public sealed class TokenScopeNamesTests
{
    [Fact]
    public void Every_scope_reads_back_from_its_name_in_any_case()
    {
        foreach (var scope in Enum.GetValues<TokenScope>())
        {
            Assert.True(TokenScopeNames.TryParse(TokenScopeNames.Name(scope).ToUpperInvariant(), out var parsed));
            Assert.Equal(scope, parsed);
        }
    }

    [Theory]
    [InlineData("read", TokenScope.Read)]
    [InlineData("trigger", TokenScope.Trigger)]
    [InlineData("admin", TokenScope.Admin)]
    [InlineData(" agent ", TokenScope.Agent)]
    public void A_user_may_create_tokens_of_the_four_scopes_the_cli_names(string name, TokenScope expected)
    {
        Assert.True(TokenScopeNames.TryParseCreatable(name, out var scope, out _));
        Assert.Equal(expected, scope);
    }

    [Theory]
    [InlineData("agent-credential")]
    [InlineData("root")]
    [InlineData(null)]
    public void A_user_may_not_create_an_agent_credential_or_an_unknown_scope(string? name)
    {
        Assert.False(TokenScopeNames.TryParseCreatable(name, out _, out var problem));
        Assert.Contains("use read, trigger, admin or agent", problem, StringComparison.Ordinal);
    }
}
