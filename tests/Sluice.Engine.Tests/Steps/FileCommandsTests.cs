using Sluice.Engine.Steps;

namespace Sluice.Engine.Tests.Steps;

public sealed class FileCommandsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string Write(string content, string name = "GITHUB_OUTPUT")
    {
        var path = Path.Combine(_scratch.Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Name_value_lines_are_read_in_order_splitting_at_the_first_equals()
    {
        var pairs = FileCommands.ReadKeyValues(Write("a=1\n\nurl=https://x?y=z\nempty=\na=2\n"));

        Assert.Equal([new("a", "1"), new("url", "https://x?y=z"), new("empty", ""), new("a", "2")], pairs);
    }

    [Fact]
    public void A_heredoc_keeps_every_line_up_to_its_delimiter()
    {
        var pairs = FileCommands.ReadKeyValues(Write("before=1\nnotes<<EOF\nline one\n\nx=y\nline <<three\nEOF\nafter=2\n"));

        Assert.Equal([new("before", "1"), new("notes", "line one\n\nx=y\nline <<three"), new("after", "2")], pairs);
    }

    [Fact]
    public void An_equals_before_the_heredoc_marker_makes_a_plain_value() =>
        Assert.Equal([new("cmd", "cat <<EOF")], FileCommands.ReadKeyValues(Write("cmd=cat <<EOF\n")));

    [Fact]
    public void Crlf_line_ends_are_accepted_in_values_and_heredocs()
    {
        var pairs = FileCommands.ReadKeyValues(Write("a=1\r\nbody<<END\r\nl1\r\nl2\r\nEND\r\nb=2\r\n"));

        Assert.Equal([new("a", "1"), new("body", "l1\nl2"), new("b", "2")], pairs);
    }

    [Fact]
    public void A_heredoc_whose_delimiter_never_comes_names_the_file_and_the_line()
    {
        var path = Write("a=1\nbody<<END\nl1\nEN\n");

        var error = Assert.Throws<FileCommandException>(() => FileCommands.ReadKeyValues(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'END'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_without_equals_or_heredoc_is_an_error_naming_the_line()
    {
        var error = Assert.Throws<FileCommandException>(() => FileCommands.ReadKeyValues(Write("a=1\njust text\n", "GITHUB_ENV")));

        Assert.Contains("GITHUB_ENV, line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_reads_as_empty()
    {
        var missing = Path.Combine(_scratch.Path, "absent");

        Assert.Empty(FileCommands.ReadKeyValues(missing));
        Assert.Empty(FileCommands.ReadPaths(missing));
        Assert.Equal("", FileCommands.ReadSummary(missing));
    }

    [Fact]
    public void Paths_are_one_per_line_trimmed_skipping_blank_lines() =>
        Assert.Equal(["/opt/tool/bin", "/home/me/.local/bin"], FileCommands.ReadPaths(Write("/opt/tool/bin\r\n\n  /home/me/.local/bin \n", "GITHUB_PATH")));

    [Fact]
    public void The_step_summary_is_read_whole()
    {
        const string markdown = "# Results\n\n| a | b |\n|---|---|\n| ✓ | 2 |\n";

        Assert.Equal(markdown, FileCommands.ReadSummary(Write(markdown, "SUMMARY.md")));
    }

    [Fact]
    public void A_step_summary_over_one_mebibyte_is_refused()
    {
        var path = Write(new string('x', FileCommands.SummaryLimitBytes + 1), "SUMMARY.md");

        var error = Assert.Throws<FileCommandException>(() => FileCommands.ReadSummary(path));
        Assert.Contains("1024 KiB", error.Message, StringComparison.Ordinal);
        Assert.Equal(FileCommands.SummaryLimitBytes, FileCommands.ReadSummary(Write(new string('x', FileCommands.SummaryLimitBytes), "EXACT.md")).Length);
    }
}
