using System.Text;
using System.Text.Json;
using CsCheck;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Tests.Steps;

public sealed class SecretMaskerTests
{
    [Fact]
    public void A_secret_is_replaced_wherever_it_appears()
    {
        var masker = new SecretMasker();
        masker.Add("hunter2");

        Assert.Equal("password: *** and again ***!", masker.Mask("password: hunter2 and again hunter2!"));
        Assert.Equal("nothing secret", masker.Mask("nothing secret"));
    }

    [Fact]
    public void Base64_forms_are_masked_at_every_byte_alignment_inside_longer_base64()
    {
        const string secret = "s3cr3t-t0ken-value";
        var masker = new SecretMasker();
        masker.Add(secret);

        foreach (var prefix in new[] { "", "a", "ab", "abc", "user:" })
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + secret + "-suffix"));
            var masked = masker.Mask($"Authorization: Basic {encoded}");

            // 18 secret bytes are 24 base64 characters; at most two at each edge mix with neighbouring bytes.
            var remaining = masked["Authorization: Basic ".Length..].Replace("***", "", StringComparison.Ordinal);
            Assert.True(remaining.Length <= encoded.Length - 20, $"'{prefix}': {masked}");
        }
    }

    [Fact]
    public void The_plain_base64_of_a_secret_is_masked_completely_but_its_edges_may_remain()
    {
        var masker = new SecretMasker();
        masker.Add("correct horse battery staple");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("correct horse battery staple"));

        var masked = masker.Mask(encoded);

        Assert.StartsWith("***", masked, StringComparison.Ordinal);
        Assert.True(masked.Length <= 3 + 3, masked);
    }

    [Fact]
    public void Url_encoded_and_json_escaped_forms_are_masked()
    {
        const string secret = "p@ss w/rd\"<&>é";
        var masker = new SecretMasker();
        masker.Add(secret);

        Assert.Equal("?token=***", masker.Mask($"?token={Uri.EscapeDataString(secret)}"));
        Assert.Equal("{\"token\":\"***\"}", masker.Mask(JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = secret })));
        Assert.DoesNotContain("w/rd", masker.Mask(JsonSerializer.Serialize(secret)), StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_secrets_are_masked_as_one_run()
    {
        var masker = new SecretMasker();
        masker.Add("abcdef");
        masker.Add("defghi");
        masker.Add("cd");

        Assert.Equal("x***y", masker.Mask("xabcdefghiy"));
        Assert.Equal("x***y ***", masker.Mask("xabcdefy cd"));
    }

    [Fact]
    public void A_multi_line_secret_is_masked_whole_and_line_by_line_but_not_its_one_character_lines()
    {
        var masker = new SecretMasker();
        masker.Add("{\n  \"key\": \"first-line\",\n  \"other\": \"second\"\n}");

        Assert.Equal("value: ***", masker.Mask("value: \"key\": \"first-line\","));
        Assert.Equal("braces { } stay readable", masker.Mask("braces { } stay readable"));
    }

    [Fact]
    public void A_one_character_secret_is_masked_as_written_but_its_derived_forms_are_not()
    {
        var masker = new SecretMasker();
        masker.Add("a");

        Assert.Equal("b***n***n***", masker.Mask("banana"));
        Assert.Equal("YQ==", masker.Mask("YQ=="));
    }

    [Fact]
    public void Empty_and_repeated_secrets_are_not_counted()
    {
        var masker = new SecretMasker();
        masker.Add("");
        masker.Add("token-1");
        masker.Add("token-1");
        masker.Add("token-2");

        Assert.Equal(2, masker.Count);
        Assert.Equal("", masker.Mask(""));
    }

    [Fact]
    public async Task Secrets_can_be_added_while_other_threads_mask()
    {
        var masker = new SecretMasker();
        var secrets = Enumerable.Range(0, 200).Select(i => $"secret-{i:D4}").ToArray();
        var adding = Task.Run(() => { foreach (var secret in secrets) { masker.Add(secret); } });
        var masking = Task.Run(() => { for (var i = 0; i < 2_000; i++) { _ = masker.Mask("log line with secret-0001 in it"); } });

        await Task.WhenAll(adding, masking).WaitAsync(StepTestSupport.AwaitTimeout);

        Assert.Equal(200, masker.Count);
        Assert.Equal(string.Join(' ', secrets.Select(_ => "***")), masker.Mask(string.Join(' ', secrets)));
    }

    // The mask is "***", so a secret containing '*' could be re-formed from the mask and its neighbours.
    private static readonly Gen<string> SecretGen = Gen.Char[" !\"#$%&'()+,-./0123456789:=?@ABCXYZ[\\]_abcxyz{|}~éé✓"].Array[2, 12].Select(chars => new string(chars));
    private static readonly Gen<string> TextGen = Gen.Char[" -=:\"%+/\nABCabcxyzé✓*"].Array[0, 20].Select(chars => new string(chars));

    [Fact]
    public void No_secret_survives_masking_whatever_surrounds_it() =>
        Gen.Select(SecretGen, TextGen).Sample((secret, text) =>
        {
            var masker = new SecretMasker();
            masker.Add(secret);
            return !masker.Mask(text + secret + text).Contains(secret, StringComparison.Ordinal);
        });

    [Fact]
    public void No_secret_survives_masking_alongside_other_secrets() =>
        Gen.Select(SecretGen, SecretGen, TextGen).Sample((secret, other, text) =>
        {
            var masker = new SecretMasker();
            masker.Add(other);
            masker.Add(secret);
            var masked = masker.Mask(text + other + secret + text + secret);
            return !masked.Contains(secret, StringComparison.Ordinal) && !masked.Contains(other, StringComparison.Ordinal);
        });
}
