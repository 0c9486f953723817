using CsCheck;
using Sluice.Security.Secrets;

namespace Sluice.Security.Tests.Secrets;

public sealed class SecretBoxPropertyTests
{
    private static readonly Gen<string> Text = Gen.Char.Where(c => !char.IsSurrogate(c)).Array[0, 64].Select(chars => new string(chars));

    private readonly SecretBox box = new(Keys.Ring(Keys.New()));

    [Fact]
    public void Any_value_repository_and_name_seal_and_open_back()
    {
        Gen.Select(Text, Text, Text).Sample((repository, name, value) =>
        {
            Assert.Equal(value, box.Open(repository, name, box.Seal(repository, name, value)));
        });
    }

    [Fact]
    public void Changing_any_bit_of_a_sealed_value_makes_it_fail_to_open()
    {
        Gen.Select(Text, Gen.Int[0, 1000], Gen.Int[0, 7]).Sample((value, index, bit) =>
        {
            var sealedValue = box.Seal("shop", "A", value);
            sealedValue[index % sealedValue.Length] ^= (byte)(1 << bit);

            Assert.Throws<SecretOpenException>(() => box.Open("shop", "A", sealedValue));
        });
    }

    [Fact]
    public void Cutting_or_extending_a_sealed_value_makes_it_fail_to_open()
    {
        Gen.Select(Text, Gen.Int[1, 40]).Sample((value, cut) =>
        {
            var sealedValue = box.Seal("shop", "A", value);

            Assert.Throws<SecretOpenException>(() => box.Open("shop", "A", sealedValue.AsSpan(0, Math.Max(0, sealedValue.Length - cut))));
            Assert.Throws<SecretOpenException>(() => box.Open("shop", "A", [.. sealedValue, .. new byte[cut]]));
        });
    }
}
