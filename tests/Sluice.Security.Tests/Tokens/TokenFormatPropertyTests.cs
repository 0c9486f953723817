using CsCheck;
using Sluice.Security.Tokens;

namespace Sluice.Security.Tests.Tokens;

public sealed class TokenFormatPropertyTests
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly Gen<(TokenScope Scope, byte[] Secret)> Tokens = Gen.Select(Gen.Enum<TokenScope>(), Gen.Byte.Array[32]);

    [Fact]
    public void Any_secret_and_scope_encode_to_a_token_that_reads_back_to_the_same_secret_and_scope()
    {
        Tokens.Sample((scope, secret) =>
        {
            var text = TokenFormat.Encode(scope, secret);

            Assert.True(TokenFormat.TryParse(text, out var parsed, out var problem), problem);
            Assert.Equal(scope, parsed.Scope);
            Assert.Equal(secret, TokenFormat.SecretOf(parsed));
        });
    }

    [Fact]
    public void Every_single_character_typo_anywhere_in_a_token_is_refused()
    {
        Tokens.Sample((scope, secret) =>
        {
            var text = TokenFormat.Encode(scope, secret);
            for (var position = 0; position < text.Length; position++)
            {
                foreach (var replacement in Base62 + "_")
                {
                    if (replacement != text[position])
                    {
                        var typo = string.Concat(text.AsSpan(0, position), [replacement], text.AsSpan(position + 1));
                        Assert.False(TokenFormat.TryParse(typo, out _, out _), $"'{typo}' was accepted");
                    }
                }
            }
        }, iter: 20);
    }

    [Fact]
    public void Swapping_two_neighbouring_characters_is_refused()
    {
        Gen.Select(Tokens, Gen.Int[0, 55]).Sample((token, position) =>
        {
            var text = TokenFormat.Encode(token.Scope, token.Secret);
            if (text[position] == text[position + 1])
            {
                return;
            }

            var swapped = string.Concat(text.AsSpan(0, position), [text[position + 1], text[position]], text.AsSpan(position + 2));
            Assert.False(TokenFormat.TryParse(swapped, out _, out _));
        });
    }

    [Fact]
    public void A_token_missing_or_gaining_a_character_is_refused()
    {
        Gen.Select(Tokens, Gen.Int[0, 56], Gen.Char.AlphaNumeric).Sample((token, position, extra) =>
        {
            var text = TokenFormat.Encode(token.Scope, token.Secret);

            Assert.False(TokenFormat.TryParse(text.Remove(position, 1), out _, out _));
            Assert.False(TokenFormat.TryParse(text.Insert(position, extra.ToString()), out _, out _));
        });
    }

    [Fact]
    public void Arbitrary_text_never_crashes_the_parser()
    {
        Gen.String.Sample(text =>
        {
            if (!TokenFormat.TryParse(text, out _, out var problem))
            {
                Assert.False(string.IsNullOrEmpty(problem));
            }
        });
    }
}
