using System.Text.Json;

namespace Sluice.Cli.Tests;

public sealed class ExprCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ExprCommandTests()
    {
        _temp.Write("github.json", """{"ref": "refs/heads/main", "event_name": "push", "event": {"number": 42, "labels": ["bug", "ui"]}}""");
        _temp.Write("matrix.json", """{"os": "ubuntu-latest", "dotnet": "10.0"}""");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_string_result_prints_raw_so_shell_scripts_can_use_it()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "format('{0}/{1}', github.ref, matrix.os)", "--context", "github=github.json", "--context", "matrix=matrix.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("refs/heads/main/ubuntu-latest\n", result.Stdout);
    }

    [Fact]
    public async Task A_non_string_result_prints_as_json()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "github.event.labels", "--context", "github=github.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["bug", "ui"], json.RootElement.EnumerateArray().Select(label => label.GetString()));
    }

    [Fact]
    public async Task An_expression_wrapped_in_dollar_braces_is_accepted_as_in_a_workflow()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "${{ github.event_name == 'push' }}", "--context", "github=github.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("true\n", result.Stdout);
    }

    [Fact]
    public async Task Json_format_gives_the_kind_and_the_value()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "github.event.number", "--context", "github=github.json", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["kind", "value"], json.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("Number", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(42, json.RootElement.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_context_that_was_not_given_is_a_parsing_error_like_on_GitHub()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "secrets.token", "--context", "github=github.json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: ", result.Stderr);
        Assert.Contains("secrets", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Json_format_reports_a_parsing_error_with_its_kind()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "github.ref ==", "--context", "github=github.json", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("parsing", error.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("1 = 2", "lexing")]
    [InlineData("'not closed", "lexing")]
    [InlineData("0xFZ", "lexing")]
    [InlineData("1 2", "parsing")]
    [InlineData("contains(1)", "parsing")]
    [InlineData("fromJSON('[1,')", "evaluation")]
    public async Task Json_format_names_the_error_kind_as_GitHubs_vectors_do(string expression, string kind)
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", expression, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(kind, json.RootElement.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Json_format_reports_an_evaluation_error_with_its_kind()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "fromJSON('{not json')", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("evaluation", json.RootElement.GetProperty("error").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("github", "names no file")]
    [InlineData("github=missing.json", "missing.json")]
    [InlineData("=github.json", "NAME=FILE.json")]
    [InlineData("not a name=github.json", "not a name")]
    public async Task A_bad_context_argument_is_a_usage_error_that_says_what_is_wrong(string contextArgument, string expectedInMessage)
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "1 == 1", "--context", contextArgument);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expectedInMessage == "names no file" ? "NAME=FILE.json" : expectedInMessage, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task A_context_file_that_is_not_json_is_a_usage_error_naming_the_file()
    {
        _temp.Write("broken.json", "{ \"ref\": ");

        var result = await SluiceProcess.RunAsync(_temp.Path, "expr", "github.ref", "--context", "github=broken.json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("broken.json", result.Stderr);
        Assert.Contains("not valid JSON", result.Stderr);
    }

    [Fact]
    public async Task Without_an_expression_it_answers_each_stdin_line_and_survives_malformed_ones()
    {
        var input = string.Join('\n',
            """{"expr": "matrix.os", "contexts": {"matrix": {"os": "windows-latest"}}}""",
            """{"expr": "oops""",
            "",
            """[1, 2]""",
            """{"expr": "github.ref"}""",
            """{"expr": "fromJSON('[1,')"}""",
            """{"expr": "contains(github.event.labels, 'bug')", "contexts": {"github": {"event": {"labels": ["bug"]}}}}""") + "\n";

        var result = await SluiceProcess.RunWithInputAsync(_temp.Path, input, "expr");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal("windows-latest", lines[0].GetProperty("value").GetString());
        Assert.Equal("input", ErrorKind(lines[1]));
        Assert.Contains("line 2", lines[1].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("input", ErrorKind(lines[2]));
        Assert.Equal("parsing", ErrorKind(lines[3]));
        Assert.Equal("evaluation", ErrorKind(lines[4]));
        Assert.Equal("Boolean", lines[5].GetProperty("kind").GetString());
        Assert.True(lines[5].GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task Streaming_with_no_input_writes_nothing_and_exits_zero()
    {
        var result = await SluiceProcess.RunWithInputAsync(_temp.Path, "", "expr");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Context_options_without_an_expression_are_a_usage_error()
    {
        var result = await SluiceProcess.RunWithInputAsync(_temp.Path, "", "expr", "--context", "github=github.json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--context", result.Stderr);
    }

    private static string? ErrorKind(JsonElement line) =>
        line.TryGetProperty("error", out var error) ? error.GetProperty("kind").GetString() : null;
}
