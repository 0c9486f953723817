using System.Runtime.Versioning;
using Sluice.Security.Secrets;

namespace Sluice.Security.Tests.Secrets;

[UnsupportedOSPlatform("windows")]
public sealed class SecretKeySourceTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_missing_key_file_is_created_readable_by_its_owner_alone_in_a_new_folder()
    {
        var path = folder["data/secrets.key"];

        var ring = SecretKeySource.Load(path, environmentValue: null);

        Assert.True(ring.Created);
        Assert.Equal($"file {path}", ring.Origin);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(folder["data"]) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead));
        Assert.Contains("Keep it private", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Servers_starting_together_on_an_empty_folder_make_one_key_and_all_read_it_whole()
    {
        var path = folder["data/secrets.key"];
        using var start = new Barrier(8);

        var rings = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return SecretKeySource.Load(path, null);
        })));

        Assert.Single(rings, ring => ring.Created);
        var sealedValue = new SecretBox(rings[0]).Seal("shop", "A", "value");
        Assert.All(rings, ring => Assert.Equal("value", new SecretBox(ring).Open("shop", "A", sealedValue)));
        Assert.Equal(["secrets.key"], Directory.GetFiles(folder["data"]).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void The_created_key_is_the_one_read_on_the_next_start()
    {
        var path = folder["secrets.key"];
        var first = SecretKeySource.Load(path, null);
        var sealedValue = new SecretBox(first).Seal("shop", "A", "value");

        var second = SecretKeySource.Load(path, null);

        Assert.False(second.Created);
        Assert.Equal(first.CurrentKeyId, second.CurrentKeyId);
        Assert.Equal("value", new SecretBox(second).Open("shop", "A", sealedValue));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.GroupRead, "0440")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite, "0602")]
    public void A_key_file_others_can_read_or_change_is_refused_with_the_command_that_fixes_it(UnixFileMode mode, string octal)
    {
        var path = folder["secrets.key"];
        File.WriteAllText(path, SecretKeySource.NewKeyText());
        File.SetUnixFileMode(path, mode);

        var error = Assert.Throws<SecretKeyException>(() => SecretKeySource.Load(path, null));

        Assert.Contains($"(mode {octal})", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"Fix it with: chmod 600 {path}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "is 5 bytes; a key is 32 bytes (256 bits), 44 characters of base64.")]
    [InlineData("not base64 at all!", "is not base64.")]
    [InlineData("# only a comment\n\n", "holds no secrets key.")]
    public void A_malformed_key_file_is_refused_with_what_a_key_looks_like(string content, string expected)
    {
        var path = folder["secrets.key"];
        WriteOwnerOnly(path, content);

        var error = Assert.Throws<SecretKeyException>(() => SecretKeySource.Load(path, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_reported_with_its_line()
    {
        var path = folder["secrets.key"];
        WriteOwnerOnly(path, $"# current\n{SecretKeySource.NewKeyText()}\n\n{Convert.ToBase64String(new byte[16])}\n");

        var error = Assert.Throws<SecretKeyException>(() => SecretKeySource.Load(path, null));

        Assert.Contains($"file {path}, line 4 is 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_with_previous_keys_opens_what_they_sealed_and_seals_with_the_first()
    {
        var oldKey = Keys.New();
        var newKey = Keys.Another(oldKey, sameId: false);
        var sealedBefore = new SecretBox(Keys.Ring(oldKey)).Seal("shop", "A", "value");
        var path = folder["secrets.key"];
        WriteOwnerOnly(path, $"{Convert.ToBase64String(newKey)}  # since the rotation\n{Convert.ToBase64String(oldKey)} # before it\n");

        var ring = SecretKeySource.Load(path, null);

        Assert.Equal(SecretKeyRing.IdOf(newKey), ring.CurrentKeyId);
        Assert.Equal("value", new SecretBox(ring).Open("shop", "A", sealedBefore));
    }

    [Fact]
    public void The_environment_variable_wins_and_no_key_file_is_written()
    {
        var key = Keys.New();
        var path = folder["secrets.key"];

        var ring = SecretKeySource.Load(path, Convert.ToBase64String(key));

        Assert.Equal(SecretKeyRing.IdOf(key), ring.CurrentKeyId);
        Assert.Equal("environment variable SLUICE_SECRETS_KEY", ring.Origin);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void The_environment_variable_may_list_previous_keys_after_a_comma()
    {
        var current = Keys.New();
        var previous = Keys.New();

        var ring = SecretKeySource.Load(folder["secrets.key"], $"{Convert.ToBase64String(current)},{Convert.ToBase64String(previous)}");

        Assert.Equal([SecretKeyRing.IdOf(current), SecretKeyRing.IdOf(previous)], ring.KeyIds);
    }

    [Theory]
    [InlineData("", "The environment variable SLUICE_SECRETS_KEY holds no secrets key.")]
    [InlineData("abc", "The secrets key in environment variable SLUICE_SECRETS_KEY, key 1 is not base64.")]
    public void A_set_but_empty_or_malformed_environment_variable_is_an_error_rather_than_a_fallback_to_a_new_key(string value, string expected)
    {
        var error = Assert.Throws<SecretKeyException>(() => SecretKeySource.Load(folder["secrets.key"], value));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder["secrets.key"]));
    }

    [Fact]
    public void A_folder_where_the_key_file_should_be_is_refused()
    {
        Directory.CreateDirectory(folder["secrets.key"]);

        var error = Assert.Throws<SecretKeyException>(() => SecretKeySource.Load(folder["secrets.key"], null));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_cannot_be_created_says_why()
    {
        File.WriteAllText(folder["blocker"], "");

        var error = Assert.Throws<SecretKeyException>(() => SecretKeySource.Load(folder["blocker/secrets.key"], null));

        Assert.Contains("does not exist and cannot be created", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_key_text_is_32_random_bytes_in_base64()
    {
        var text = SecretKeySource.NewKeyText();

        Assert.Equal(32, Convert.FromBase64String(text).Length);
        Assert.NotEqual(text, SecretKeySource.NewKeyText());
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
