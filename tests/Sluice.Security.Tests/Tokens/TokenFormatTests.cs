using System.Numerics;
using Sluice.Security.Tokens;

namespace Sluice.Security.Tests.Tokens;

public sealed class TokenFormatTests
{
    [Theory]
    [InlineData(TokenScope.Read, "slu_rdo_")]
    [InlineData(TokenScope.Trigger, "slu_trg_")]
    [InlineData(TokenScope.Admin, "slu_adm_")]
    [InlineData(TokenScope.Agent, "slu_agt_")]
    [InlineData(TokenScope.AgentCredential, "slu_agc_")]
    public void An_issued_token_starts_with_its_kind_and_reads_back_as_that_kind(TokenScope scope, string prefix)
    {
        var issued = TokenIssuer.Issue(scope);

        Assert.StartsWith(prefix, issued.Text, StringComparison.Ordinal);
        Assert.Equal(scope, issued.Scope);
        Assert.Equal(57, issued.Text.Length);
        Assert.Equal(TokenFormat.Length, issued.Text.Length);
        Assert.All(issued.Text[prefix.Length..], c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.True(TokenFormat.TryParse(issued.Text, out var parsed, out var problem), problem);
        Assert.Equal(scope, parsed.Scope);
        Assert.Equal(issued.DisplayId, parsed.DisplayId);
    }

    [Fact]
    public void The_example_token_in_the_security_guide_is_well_formed()
    {
        Assert.True(TokenFormat.TryParse("slu_adm_SHx0GeICiol7AdRe5pX3JxWVbTiNp6eDzvrJ9pIQsnS2B3gX2", out var token, out var problem), problem);
        Assert.Equal("slu_adm_SHx0GeIC", token.DisplayId);
    }

    [Fact]
    public void Two_issued_tokens_differ()
    {
        Assert.NotEqual(TokenIssuer.Issue(TokenScope.Admin).Text, TokenIssuer.Issue(TokenScope.Admin).Text);
    }

    [Fact]
    public void The_display_id_is_the_prefix_and_eight_characters_and_is_all_that_printing_a_token_shows()
    {
        var issued = TokenIssuer.Issue(TokenScope.Trigger);
        Assert.True(TokenFormat.TryParse(issued.Text, out var parsed, out _));

        Assert.Equal(issued.Text[..16], issued.DisplayId);
        Assert.Equal(issued.DisplayId, issued.ToString());
        Assert.Equal(issued.DisplayId, parsed.ToString());
        Assert.DoesNotContain(issued.Text, $"{issued} {parsed}", StringComparison.Ordinal);
    }

    [Fact]
    public void All_zero_and_all_one_secrets_encode_at_full_width()
    {
        var zero = TokenFormat.Encode(TokenScope.Read, new byte[32]);
        var ones = TokenFormat.Encode(TokenScope.Read, Enumerable.Repeat((byte)0xFF, 32).ToArray());

        Assert.Equal("slu_rdo_" + new string('0', 43), zero[..51]);
        Assert.Equal(57, ones.Length);
        Assert.True(TokenFormat.TryParse(zero, out _, out var zeroProblem), zeroProblem);
        Assert.True(TokenFormat.TryParse(ones, out _, out var onesProblem), onesProblem);
    }

    [Fact]
    public void A_secret_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TokenFormat.Encode(TokenScope.Admin, new byte[31]));
    }

    [Fact]
    public void White_space_around_a_token_as_read_from_a_file_is_ignored()
    {
        var issued = TokenIssuer.Issue(TokenScope.Admin);

        Assert.True(TokenFormat.TryParse($"  {issued.Text}\n", out var parsed, out _));
        Assert.Equal(issued.Text, parsed.Text);
    }

    [Theory]
    [InlineData(null, "No token was given.")]
    [InlineData("", "No token was given.")]
    [InlineData("   ", "No token was given.")]
    [InlineData("ghp_abcdefabcdefabcdefabcdefabcdefabcdef", "This is not a Sluice token: Sluice tokens start with 'slu_'.")]
    [InlineData("slu_xyz_abc", "'slu_xyz_' is not the start of any kind of token")]
    [InlineData("slu_\u001b[2J", "'slu_\\u001b[2J' is not the start")]
    [InlineData("slu_adm_abc", "The token is 11 characters long; Sluice tokens are 57.")]
    public void Something_that_is_not_a_token_is_refused_with_the_reason(string? text, string expected)
    {
        Assert.False(TokenFormat.TryParse(text, out var token, out var problem));
        Assert.Null(token);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_a_character_outside_base62_is_refused()
    {
        var text = TokenIssuer.Issue(TokenScope.Admin).Text;
        var broken = text[..20] + "-" + text[21..];

        Assert.False(TokenFormat.TryParse(broken, out _, out var problem));
        Assert.Contains("character other than a letter or a digit", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_a_changed_character_is_refused_by_its_checksum()
    {
        var text = TokenIssuer.Issue(TokenScope.Admin).Text;
        var typo = text[..30] + (text[30] == 'a' ? 'b' : 'a') + text[31..];

        Assert.False(TokenFormat.TryParse(typo, out _, out var problem));
        Assert.Equal("The token's checksum does not match: it was mistyped or altered. Copy it again.", problem);
    }

    [Fact]
    public void A_body_too_large_for_32_bytes_is_refused_even_with_a_right_checksum()
    {
        var body = new string('z', 43);
        var checksum = System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.ASCII.GetBytes("slu_adm_" + body));
        var forged = "slu_adm_" + body + Base62Of(checksum);

        Assert.False(TokenFormat.TryParse(forged, out _, out var problem));
        Assert.Contains("not a token Sluice issued", problem, StringComparison.Ordinal);
    }

    private static string Base62Of(uint value)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var digits = new char[6];
        var remaining = new BigInteger(value);
        for (var i = 5; i >= 0; i--)
        {
            remaining = BigInteger.DivRem(remaining, 62, out var digit);
            digits[i] = alphabet[(int)digit];
        }

        return new string(digits);
    }
}
