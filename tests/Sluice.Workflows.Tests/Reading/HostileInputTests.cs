using System.Text;
using CsCheck;
using static Sluice.Workflows.Tests.Reading.ReadTestHelpers;

namespace Sluice.Workflows.Tests.Reading;

/// <summary>Bad and hostile files each get a clear diagnostic: never an exception, a hang or unbounded memory.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_billion_laughs_alias_bomb_stops_at_the_size_limit()
    {
        var yaml = new StringBuilder("on: push\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 12; i++)
        {
            yaml.Append($"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        yaml.Append("jobs: *a11\n");
        var result = Read(yaml.ToString());

        Assert.Equal("Maximum object size exceeded", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_with_a_depth_error()
    {
        var result = Read("on: push\njobs: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        Assert.Equal("Maximum object depth exceeded", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var path = Path.Combine(_dir, "huge.yml");
        using (var stream = File.Create(path))
        {
            stream.SetLength(20L * 1024 * 1024);
        }

        var result = new WorkflowReader().ReadFile(path);
        Assert.StartsWith("The maximum file size of", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_files_and_invalid_UTF8_are_named_as_such()
    {
        var binary = Path.Combine(_dir, "binary.yml");
        File.WriteAllBytes(binary, [0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]);
        Assert.Contains("binary", new WorkflowReader().ReadFile(binary).Errors.Single().Message, StringComparison.Ordinal);

        var latin1 = Path.Combine(_dir, "latin1.yml");
        File.WriteAllBytes(latin1, [.. "on: push\njobs:\n  a:\n    name: caf"u8.ToArray(), 0xE9, (byte)'\n']);
        var error = new WorkflowReader().ReadFile(latin1).Errors.Single();
        Assert.Equal(4, error.Line);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_diagnostic()
    {
        var result = new WorkflowReader().ReadFile(Path.Combine(_dir, "absent.yml"));
        Assert.Contains("does not exist", result.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The workflow file is empty")]
    [InlineData("just text", "A workflow must be a mapping")]
    [InlineData("on: push\njobs:\n  a:\n\truns-on: x\n", "The file is not valid YAML")]
    [InlineData("on: 'push\njobs: {}\n", "The file is not valid YAML")]
    [InlineData("on: push\n---\non: push\n", "holds one YAML document")]
    [InlineData("on: push\njobs: *nothing\n", "refers to no anchor")]
    [InlineData("on: push\njobs:\n  ? [a, b]\n  : x\n", "cannot be a mapping key")]
    public void Malformed_YAML_gets_a_clear_error(string yaml, string expected)
    {
        var result = Read(yaml);
        Assert.Contains(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Thousands_of_jobs_read_without_trouble()
    {
        var jobs = string.Join("\n", Enumerable.Range(0, 3000).Select(i => $"  job{i}:\n    runs-on: ubuntu-latest\n    needs: {(i == 0 ? "[]" : $"job{i - 1}")}\n    steps:\n      - run: echo ${{{{ github.sha }}}} {i}"));
        var result = Read($"on: push\njobs:\n{jobs}\n");

        Assert.True(result.IsValid, result.Messages());
        Assert.Equal(3000, result.Workflow!.Jobs.Count);
    }

    [Fact]
    public void Random_text_never_makes_the_reader_throw()
    {
        Gen.String.Sample(text =>
        {
            var result = Read(text);
            return result.IsValid || result.Errors.All(e => e.Message.Length > 0 && (e.Line is null || e.Line >= 1));
        }, iter: 2000);
    }

    private static readonly string[] Fragments =
    [
        "on:", " push", "jobs:", "\n", "  ", "    ", "-", " ", ":", "runs-on", "steps", "run", "uses", "needs", "if",
        "${{", "}}", "matrix", "strategy", "[", "]", "{", "}", ",", "&a", "*a", "!!int", "!!str", "'", "\"", "#",
        "|", ">", "~", "null", "true", "0x1F", "1e3", "build", "a.b", "success()", "env", "with", "?", "\t", "---",
    ];

    [Fact]
    public void Random_workflow_shaped_token_soup_never_makes_the_reader_throw()
    {
        Gen.Int[0, Fragments.Length - 1].Select(i => Fragments[i]).Array[0, 80].Select(parts => string.Concat(parts)).Sample(text =>
        {
            var result = Read(text);
            return result.IsValid || result.Errors.Count > 0;
        }, iter: 5000);
    }

    [Fact]
    public void Mutations_of_a_valid_workflow_never_make_the_reader_throw()
    {
        const string valid = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        os: [a, b]\n    steps:\n      - run: echo ${{ matrix.os }}\n        if: success()\n";
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 8], Gen.Char).Sample((position, length, insert) =>
        {
            var mutated = valid.Remove(position, Math.Min(length, valid.Length - position)).Insert(position, insert.ToString());
            var result = Read(mutated);
            return result.IsValid || result.Errors.Count > 0;
        }, iter: 5000);
    }
}
