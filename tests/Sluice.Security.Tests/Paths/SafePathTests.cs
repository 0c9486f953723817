using Sluice.Security.Paths;

namespace Sluice.Security.Tests.Paths;

public sealed class SafePathTests : IDisposable
{
    private readonly TempFolder folder = new();

    public SafePathTests() => Directory.CreateDirectory(Root);

    private string Root => folder["root"];

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("file.txt")]
    [InlineData("a/b/c.txt")]
    [InlineData("..hidden/...")]
    [InlineData(".config/file")]
    [InlineData("ünïcødé/🔑.txt")]
    public void Ordinary_relative_paths_are_accepted(string path)
    {
        Assert.Null(SafePath.RelativePathProblem(path));
        Assert.Equal(Path.Combine(Root, path), SafePath.Resolve(Root, path));
    }

    [Theory]
    [InlineData("", "The path is empty.")]
    [InlineData("../etc/passwd", "its parts may not be empty, '.' or '..'")]
    [InlineData("a/../../b", "its parts may not be empty, '.' or '..'")]
    [InlineData("a/..", "its parts may not be empty, '.' or '..'")]
    [InlineData("./a", "its parts may not be empty, '.' or '..'")]
    [InlineData("a//b", "its parts may not be empty, '.' or '..'")]
    [InlineData("a/", "its parts may not be empty, '.' or '..'")]
    [InlineData("/etc/passwd", "is absolute")]
    [InlineData("C:/Windows", "starts with a drive letter")]
    [InlineData("c:evil", "starts with a drive letter")]
    [InlineData("..\\..\\evil", "has a backslash: separate folders with '/'")]
    [InlineData("dir\\file", "has a backslash")]
    [InlineData("a\0b", "control character U+0000")]
    [InlineData("a\nb", "control character U+000A")]
    [InlineData("a\u001b[31mb", "control character U+001B")]
    public void Paths_that_could_leave_their_folder_or_are_malformed_are_refused_with_the_reason(string path, string expected)
    {
        Assert.Contains(expected, SafePath.RelativePathProblem(path), StringComparison.Ordinal);
        var error = Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_with_broken_unicode_is_refused_since_two_such_names_could_become_one_file()
    {
        // Kept out of [InlineData]: a lone surrogate does not survive the test runner's serialisation of arguments.
        Assert.Contains("(a lone surrogate U+D800) at position 4", SafePath.RelativePathProblem("bad\ud800"), StringComparison.Ordinal);
        Assert.Contains("(a lone surrogate U+DC00) at position 4", SafePath.RelativePathProblem("bad\udc00x"), StringComparison.Ordinal);
        Assert.Contains("'bad\\ud800'", SafePath.RelativePathProblem("bad\ud800"), StringComparison.Ordinal);
        Assert.Null(SafePath.RelativePathProblem("pair\ud83d\udd11"));
    }

    [Fact]
    public void Paths_and_their_parts_have_length_limits()
    {
        var longPart = new string('a', 256);

        Assert.Contains("has a part longer than 255 bytes", SafePath.RelativePathProblem($"dir/{longPart}"), StringComparison.Ordinal);
        Assert.Null(SafePath.RelativePathProblem(string.Join('/', Enumerable.Repeat(new string('a', 100), 10))));
        Assert.Contains("is too long: 1033 bytes, and the limit is 1024", SafePath.RelativePathProblem(string.Join('/', Enumerable.Repeat(new string('a', 102), 10)) + "/bcd"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_that_stays_inside_the_root_is_followed()
    {
        Directory.CreateDirectory(Path.Combine(Root, "real"));
        File.CreateSymbolicLink(Path.Combine(Root, "alias"), "real");

        Assert.Equal(Path.Combine(Root, "alias", "file.txt"), SafePath.Resolve(Root, "alias/file.txt"));
    }

    [Fact]
    public void A_link_target_written_with_dots_and_trailing_slashes_is_followed()
    {
        Directory.CreateDirectory(Path.Combine(Root, "real"));
        File.CreateSymbolicLink(Path.Combine(Root, "alias"), "./real//");
        File.CreateSymbolicLink(Path.Combine(Root, "outward"), "./real/../../");

        Assert.Equal(Path.Combine(Root, "alias", "f"), SafePath.Resolve(Root, "alias/f"));
        Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, "outward/f"));
    }

    [Fact]
    public void A_symbolic_link_to_a_folder_outside_the_root_is_refused()
    {
        Directory.CreateDirectory(folder["outside"]);
        File.CreateSymbolicLink(Path.Combine(Root, "escape"), folder["outside"]);

        var error = Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, "escape/file.txt"));

        Assert.Equal("The path 'escape/file.txt' leads outside its folder through a symbolic link.", error.Message);
        Assert.DoesNotContain(folder.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_symbolic_link_climbing_out_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(Root, "a"));
        File.CreateSymbolicLink(Path.Combine(Root, "a", "up"), "../..");

        Assert.False(SafePath.TryResolve(Root, "a/up/secrets.key", out var full, out var problem));
        Assert.Null(full);
        Assert.Contains("leads outside its folder", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_to_a_file_outside_the_root_is_refused()
    {
        File.WriteAllText(folder["secret.txt"], "x");
        File.CreateSymbolicLink(Path.Combine(Root, "innocent.txt"), folder["secret.txt"]);

        Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, "innocent.txt"));
    }

    [Fact]
    public void A_dangling_symbolic_link_pointing_outside_is_refused_since_writing_through_it_would_create_the_target()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "dangling"), folder["not-yet"]);

        Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, "dangling"));
    }

    [Fact]
    public void A_symbolic_link_to_the_root_itself_is_refused_as_a_file_name()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "self"), Root);

        Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, "self"));
        Assert.Equal(Path.Combine(Root, "self", "f"), SafePath.Resolve(Root, "self/f"));
    }

    [Fact]
    public void Dot_dot_after_a_link_climbs_from_where_the_link_points_as_the_kernel_does()
    {
        Directory.CreateDirectory(Path.Combine(Root, "deep", "er"));
        Directory.CreateDirectory(folder["elsewhere/inner"]);
        File.CreateSymbolicLink(Path.Combine(Root, "deep", "er", "out"), folder["elsewhere/inner"]);
        // root/deep/er/out/../x is elsewhere/x to the kernel, though it reads as root/deep/er/x.
        File.CreateSymbolicLink(Path.Combine(Root, "trick"), "deep/er/out/..");

        Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, "trick/x"));
    }

    [Fact]
    public void A_root_reached_through_a_symbolic_link_still_holds_its_own_paths()
    {
        File.CreateSymbolicLink(folder["linked-root"], Root);

        Assert.Equal(Path.Combine(folder["linked-root"], "a", "b"), SafePath.Resolve(folder["linked-root"], "a/b"));
    }

    [Fact]
    public void A_loop_of_symbolic_links_is_refused_not_followed_forever()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "ping"), "pong");
        File.CreateSymbolicLink(Path.Combine(Root, "pong"), "ping");

        var error = Assert.Throws<UnsafePathException>(() => SafePath.Resolve(Root, "ping/x"));

        Assert.Contains("more than 40 symbolic links", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_below_an_existing_file_is_accepted_as_text_and_left_for_the_file_system_to_refuse()
    {
        File.WriteAllText(Path.Combine(Root, "file"), "x");

        Assert.Equal(Path.Combine(Root, "file", "below"), SafePath.Resolve(Root, "file/below"));
    }
}
