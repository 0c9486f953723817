using System.Formats.Tar;
using Sluice.Actions.Tests.Support;
using Sluice.Actions.Tree;

namespace Sluice.Actions.Tests.Tree;

/// <summary>A hostile archive writes nothing outside its folder, and says what it left out.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TreeExtractorTests : IDisposable
{
    private readonly Scratch _scratch = new();

    private string Destination => Path.Combine(_scratch.Path, "tree");

    private string Outside => _scratch.Sub("outside");

    public void Dispose() => _scratch.Dispose();

    private static async Task<MemoryStream> TarAsync(params TarEntry[] entries)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                await writer.WriteEntryAsync(entry);
            }
        }

        tar.Position = 0;
        return tar;
    }

    private static PaxTarEntry File(string name, string content = "x", UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), Mode = mode };

    private static PaxTarEntry Link(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    private async Task<ExtractedTree> ExtractAsync(params TarEntry[] entries) =>
        await TreeExtractor.ExtractAsync(await TarAsync(entries), Destination, CancellationToken.None).Timed();

    [Fact]
    public async Task Paths_that_climb_out_or_are_absolute_or_name_a_git_folder_are_left_out_and_said()
    {
        var tree = await ExtractAsync(
            File("ok.txt"),
            File("../escaped.txt"),
            File("a/../../escaped2.txt"),
            File("/tmp/absolute.txt"),
            File(".git/config", "[core]\n\tfsmonitor = evil\n"),
            File("sub/.GIT/hooks/post-checkout"));

        Assert.True(System.IO.File.Exists(Path.Combine(Destination, "ok.txt")));
        var everything = Directory.EnumerateFileSystemEntries(_scratch.Path, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(_scratch.Path, p));
        Assert.Equal(["tree", "tree/ok.txt"], everything.Order(StringComparer.Ordinal));
        Assert.Equal(5, tree.LeftOut.Count);
        Assert.Contains(tree.LeftOut, l => l.Contains("'../escaped.txt'", StringComparison.Ordinal) && l.Contains("outside the repository", StringComparison.Ordinal));
        Assert.Contains(tree.LeftOut, l => l.Contains("'.git/config' (a .git folder", StringComparison.Ordinal));
        Assert.Equal(1, tree.Bytes);
    }

    [Fact]
    public async Task Links_are_kept_when_they_stay_inside_followed_as_the_system_follows_them()
    {
        var tree = await ExtractAsync(
            File("lib/real.js", "real"),
            Link("inside", "lib/real.js"),
            Link("dist", "lib"),
            Link("lib/up", ".."),
            Link("abs", "/etc/passwd"),
            Link("climb", "../../outside"),
            Link("through", "dist/../.."),
            Link("lexically-inside", "lib/up/../x"),
            Link("loop", "loop"));

        Assert.Equal("real", await System.IO.File.ReadAllTextAsync(Path.Combine(Destination, "inside")));
        Assert.Equal("real", await System.IO.File.ReadAllTextAsync(Path.Combine(Destination, "dist", "real.js")));
        Assert.Equal("..", new FileInfo(Path.Combine(Destination, "lib", "up")).LinkTarget);
        foreach (var refused in new[] { "abs", "climb", "through", "lexically-inside", "loop" })
        {
            Assert.False(Path.Exists(Path.Combine(Destination, refused)) || new FileInfo(Path.Combine(Destination, refused)).LinkTarget is not null, refused);
            Assert.Contains(tree.LeftOut, l => l.StartsWith($"the link '{refused}'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_file_under_the_name_of_a_link_is_never_written_through_the_link()
    {
        var tree = await ExtractAsync(
            Link("x", Outside),
            File("x/planted", "gotcha"),
            Link("y", "inner"),
            File("y/z", "in y"));

        Assert.False(System.IO.File.Exists(Path.Combine(Outside, "planted")));
        Assert.Equal("gotcha", await System.IO.File.ReadAllTextAsync(Path.Combine(Destination, "x", "planted")));
        Assert.Null(new DirectoryInfo(Path.Combine(Destination, "y")).LinkTarget);
        Assert.Contains(tree.LeftOut, l => l.StartsWith("the link 'x'", StringComparison.Ordinal));
        Assert.Contains(tree.LeftOut, l => l.StartsWith("the link 'y' (its name is taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_under_another_link_is_left_out()
    {
        var tree = await ExtractAsync(Link("a", "lib"), Link("a/b", "c"), File("lib/c"));

        Assert.Contains(tree.LeftOut, l => l.StartsWith("the link 'a/b' (it lies under another link)", StringComparison.Ordinal));
        Assert.Equal("lib", new FileInfo(Path.Combine(Destination, "a")).LinkTarget);
    }

    [Fact]
    public async Task Files_get_plain_modes_whatever_the_archive_says()
    {
        await ExtractAsync(File("setuid", mode: (UnixFileMode)0b111_111_111 | UnixFileMode.SetUser | UnixFileMode.SetGroup), File("plain", mode: (UnixFileMode)0b110_110_110));

        Assert.Equal((UnixFileMode)0b111_101_101, System.IO.File.GetUnixFileMode(Path.Combine(Destination, "setuid")));
        Assert.Equal((UnixFileMode)0b110_100_100, System.IO.File.GetUnixFileMode(Path.Combine(Destination, "plain")));
    }

    [Fact]
    public async Task An_entry_given_twice_keeps_the_first_and_devices_and_hard_links_are_left_out()
    {
        var tree = await ExtractAsync(
            File("same", "first"),
            File("same", "second"),
            new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "/etc/passwd" },
            new PaxTarEntry(TarEntryType.CharacterDevice, "device"),
            new PaxTarEntry(TarEntryType.Fifo, "fifo"));

        Assert.Equal("first", await System.IO.File.ReadAllTextAsync(Path.Combine(Destination, "same")));
        Assert.Equal(["same"], Directory.EnumerateFileSystemEntries(Destination).Select(Path.GetFileName));
        Assert.Equal(4, tree.LeftOut.Count);
    }
}
