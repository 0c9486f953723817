using Sluice.Security.Secrets;

namespace Sluice.Security.Tests.Secrets;

public sealed class SecretBoxTests
{
    private readonly byte[] key = Keys.New();

    [Theory]
    [InlineData("hunter2")]
    [InlineData("")]
    [InlineData("multi\nline\r\nwith ünïcødé and 🔑")]
    public void A_sealed_secret_opens_to_its_value(string value)
    {
        var box = new SecretBox(Keys.Ring(key));

        var sealedValue = box.Seal("shop", "DEPLOY_KEY", value);

        Assert.Equal(value, box.Open("shop", "DEPLOY_KEY", sealedValue));
        Assert.Equal(2 + 12 + System.Text.Encoding.UTF8.GetByteCount(value) + 16, sealedValue.Length);
        Assert.Equal(SecretBox.FormatVersion, sealedValue[0]);
    }

    [Fact]
    public void Sealing_the_same_value_twice_gives_different_bytes()
    {
        var box = new SecretBox(Keys.Ring(key));

        Assert.NotEqual(box.Seal("shop", "A", "same"), box.Seal("shop", "A", "same"));
    }

    [Fact]
    public void The_sealed_bytes_do_not_contain_the_value()
    {
        var sealedValue = new SecretBox(Keys.Ring(key)).Seal("shop", "A", "plainly-visible-secret");

        Assert.DoesNotContain("plainly-visible-secret", System.Text.Encoding.Latin1.GetString(sealedValue), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bank", "DEPLOY_KEY")]
    [InlineData("shop", "OTHER")]
    [InlineData("sho", "pDEPLOY_KEY")]
    [InlineData("", "DEPLOY_KEY")]
    public void A_sealed_value_moved_to_another_repository_or_name_does_not_open(string repository, string name)
    {
        var box = new SecretBox(Keys.Ring(key));
        var sealedValue = box.Seal("shop", "DEPLOY_KEY", "value");

        var error = Assert.Throws<SecretOpenException>(() => box.Open(repository, name, sealedValue));

        Assert.Equal(SecretOpenFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("copied from another secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_sealed_with_a_key_that_is_no_longer_configured_says_so()
    {
        var sealedValue = new SecretBox(Keys.Ring(key)).Seal("shop", "A", "value");
        var other = Keys.Another(key, sameId: false);

        var error = Assert.Throws<SecretOpenException>(() => new SecretBox(Keys.Ring(other)).Open("shop", "A", sealedValue));

        Assert.Equal(SecretOpenFailure.UnknownKey, error.Failure);
        Assert.Contains($"sealed with key {SecretKeyRing.IdOf(key):x2}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Put the old key back on a line after the current one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_key_that_happens_to_share_the_id_fails_authentication()
    {
        var sealedValue = new SecretBox(Keys.Ring(key)).Seal("shop", "A", "value");
        var impostor = Keys.Another(key, sameId: true);

        var error = Assert.Throws<SecretOpenException>(() => new SecretBox(Keys.Ring(impostor)).Open("shop", "A", sealedValue));

        Assert.Equal(SecretOpenFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("the key is not the one it was sealed with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_keys_sharing_an_id_are_both_tried()
    {
        var twin = Keys.Another(key, sameId: true);
        var sealedValue = new SecretBox(Keys.Ring(key)).Seal("shop", "A", "value");

        Assert.Equal("value", new SecretBox(Keys.Ring(twin, key)).Open("shop", "A", sealedValue));
    }

    [Fact]
    public void After_a_rotation_old_values_open_with_the_previous_key_and_reseal_with_the_new_one()
    {
        var old = new SecretBox(Keys.Ring(key));
        var sealedBefore = old.Seal("shop", "A", "value");
        var newKey = Keys.Another(key, sameId: false);
        var rotated = new SecretBox(Keys.Ring(newKey, key));

        Assert.Equal("value", rotated.Open("shop", "A", sealedBefore));
        Assert.False(rotated.IsSealedWithCurrentKey(sealedBefore));

        var resealed = rotated.Reseal("shop", "A", sealedBefore);

        Assert.True(rotated.IsSealedWithCurrentKey(resealed));
        Assert.Equal("value", new SecretBox(Keys.Ring(newKey)).Open("shop", "A", resealed));
        Assert.Throws<SecretOpenException>(() => old.Open("shop", "A", resealed));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    public void Bytes_too_short_to_be_a_sealed_secret_are_called_corrupted(int length)
    {
        var error = Assert.Throws<SecretOpenException>(() => new SecretBox(Keys.Ring(key)).Open("shop", "A", new byte[length]));

        Assert.Equal(SecretOpenFailure.Corrupted, error.Failure);
        Assert.Contains($"{length} bytes is too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_version_is_called_corrupted()
    {
        var sealedValue = new SecretBox(Keys.Ring(key)).Seal("shop", "A", "value");
        sealedValue[0] = 7;

        var error = Assert.Throws<SecretOpenException>(() => new SecretBox(Keys.Ring(key)).Open("shop", "A", sealedValue));

        Assert.Equal(SecretOpenFailure.Corrupted, error.Failure);
        Assert.Contains("unknown format (7)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_valid_unicode_is_refused_before_sealing()
    {
        var error = Assert.Throws<ArgumentException>(() => new SecretBox(Keys.Ring(key)).Seal("shop", "A", "broken \ud800 text"));

        Assert.Contains("not valid Unicode text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_ring_refuses_keys_of_the_wrong_length_and_an_empty_list()
    {
        Assert.Throws<ArgumentException>(() => Keys.Ring(new byte[16]));
        Assert.Throws<ArgumentException>(() => Keys.Ring());
    }

    [Fact]
    public void A_key_ring_lists_its_ids_current_first()
    {
        var second = Keys.New();
        var ring = Keys.Ring(key, second);

        Assert.Equal([SecretKeyRing.IdOf(key), SecretKeyRing.IdOf(second)], ring.KeyIds);
        Assert.Equal(SecretKeyRing.IdOf(key), ring.CurrentKeyId);
    }
}
