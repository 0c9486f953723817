using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Infrastructure;

namespace Sluice.Cli.Tests;

public sealed partial class ValidateCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"^(?<file>[^\n]+?):(?<line>\d+):(?<column>\d+): error: (?<message>.+)$", RegexOptions.Multiline)]
    private static partial Regex CompilerStyleError();

    [Fact]
    public async Task A_valid_file_exits_zero_with_a_clean_summary()
    {
        _temp.Write("ci.yml", WorkflowTexts.Valid);

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "ci.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1 file checked, 0 invalid, 0 errors", result.StdoutLines.Last());
        Assert.DoesNotContain("error:", result.Stdout);
    }

    [Fact]
    public async Task An_invalid_file_exits_one_and_reports_the_error_compiler_style_at_its_line()
    {
        _temp.Write("ci.yml", WorkflowTexts.NeedsMissingJob);

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "ci.yml");

        Assert.True(result.ExitCode == 1, result.ToString());
        var errors = CompilerStyleError().Matches(result.Stdout);
        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.Equal("ci.yml", error.Groups["file"].Value));
        Assert.Contains(errors, error => error.Groups["message"].Value.Contains("nonexistent") && error.Groups["line"].Value == "8");
        Assert.Matches(@"^1 file checked, 1 invalid, \d+ errors?$", result.StdoutLines.Last());
    }

    [Fact]
    public async Task Broken_yaml_is_an_error_with_a_place_not_a_crash()
    {
        _temp.Write("broken.yaml", WorkflowTexts.BrokenYaml);

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "broken.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(CompilerStyleError(), result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task A_directory_contributes_its_yml_and_yaml_files_but_not_subfolders_or_other_files()
    {
        _temp.Write("flows/a.yml", WorkflowTexts.Valid);
        _temp.Write("flows/b.yaml", WorkflowTexts.NeedsMissingJob);
        _temp.Write("flows/notes.txt", "not a workflow");
        _temp.Write("flows/nested/c.yml", WorkflowTexts.BrokenYaml);

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "flows", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var files = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([Path.Combine("flows", "a.yml"), Path.Combine("flows", "b.yaml")], files.Select(file => file.GetProperty("file").GetString()));
        Assert.True(files[0].GetProperty("valid").GetBoolean());
        Assert.False(files[1].GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Json_output_has_exactly_the_documented_shape()
    {
        _temp.Write("good.yml", WorkflowTexts.Valid);
        _temp.Write("bad.yml", WorkflowTexts.NeedsMissingJob);

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "good.yml", "bad.yml", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var files = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            Assert.Equal(["file", "valid", "errors", "warnings"], file.EnumerateObject().Select(property => property.Name));
        }

        Assert.Equal("good.yml", files[0].GetProperty("file").GetString());
        Assert.True(files[0].GetProperty("valid").GetBoolean());
        Assert.Empty(files[0].GetProperty("errors").EnumerateArray());

        var errors = files[1].GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        foreach (var error in errors)
        {
            Assert.Equal(["line", "column", "message"], error.EnumerateObject().Select(property => property.Name));
            Assert.True(error.GetProperty("line").ValueKind is JsonValueKind.Number or JsonValueKind.Null);
            Assert.True(error.GetProperty("column").ValueKind is JsonValueKind.Number or JsonValueKind.Null);
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        }
    }

    [Fact]
    public async Task A_folder_finds_the_action_metadata_below_it_and_reads_it_against_the_action_schema()
    {
        _temp.Write("repo/ci.yml", WorkflowTexts.Valid);
        _temp.Write("repo/setup/action.yml", "name: Setup\ndescription: Sets up\nruns:\n  using: node20\n  main: dist/index.js\n");
        _temp.Write("repo/deploy/action.yaml", "name: Deploy\nruns:\n  using: node99\n  main: index.js\n");
        _temp.Write("repo/node_modules/dep/action.yml", "not: [an, action");

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "repo", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var files = json.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!.Replace('\\', '/'));
        Assert.Equal(["repo/ci.yml", "repo/deploy/action.yaml", "repo/setup/action.yml"], files.Keys.Order(StringComparer.Ordinal));
        Assert.True(files["repo/setup/action.yml"].GetProperty("valid").GetBoolean());
        var deploy = files["repo/deploy/action.yaml"];
        var error = Assert.Single(deploy.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.StartsWith("'using: node99' is not supported", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var warning = Assert.Single(deploy.GetProperty("warnings").EnumerateArray());
        Assert.StartsWith("Required property is missing: description", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Background_steps_are_accepted_only_when_asked_for()
    {
        _temp.Write("ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: server\n        run: serve\n        background: true\n      - wait-all:\n");

        var refused = await SluiceProcess.RunAsync(_temp.Path, "validate", "ci.yml");
        var accepted = await SluiceProcess.RunAsync(_temp.Path, "validate", "ci.yml", "--background-steps");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("ci.yml:8:9: error: Unexpected value 'background'", refused.Stdout);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
    }

    [Fact]
    public async Task Action_warnings_print_compiler_style_and_leave_the_file_valid()
    {
        _temp.Write("action.yml", "name: Tool\ndescription: d\nenv:\n  A: b\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n      shell: bash\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "action.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("action.yml:3:1: warning: Unexpected value 'env'", result.Stdout);
        Assert.Equal("1 file checked, 0 invalid, 0 errors", result.StdoutLines.Last());
    }

    [Fact]
    public async Task An_error_without_a_place_has_null_line_and_column_in_json()
    {
        // Invalid UTF-8 cannot be pointed at a line; the reader reports it for the whole file.
        File.WriteAllBytes(Path.Combine(_temp.Path, "binary.yml"), [0x6F, 0x6E, 0x3A, 0x20, 0xC3, 0x28, 0xFF, 0x00, 0x0A]);

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "binary.yml", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var error = Assert.Single(json.RootElement.EnumerateArray()).GetProperty("errors").EnumerateArray().First();
        Assert.Equal(JsonValueKind.Null, error.GetProperty("line").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("column").ValueKind);
    }

    [Fact]
    public async Task Without_a_path_it_validates_the_workflows_folder_of_the_enclosing_git_repository()
    {
        await _temp.GitInitAsync();
        _temp.Write(".github/workflows/ci.yml", WorkflowTexts.Valid);
        _temp.Write(".github/workflows/release.yaml", WorkflowTexts.NeedsMissingJob);
        var nested = _temp.CreateDirectory("src/app");

        var result = await SluiceProcess.RunAsync(nested, "validate", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var files = json.RootElement.EnumerateArray().Select(file => file.GetProperty("file").GetString()!).ToList();
        Assert.Equal(["ci.yml", "release.yaml"], files.Select(Path.GetFileName));
        Assert.All(files, file => Assert.True(File.Exists(Path.Combine(nested, file)), $"{file} should be relative to the working directory"));
    }

    [Fact]
    public async Task A_local_reusable_workflow_is_followed_and_its_contract_checked()
    {
        await _temp.GitInitAsync();
        _temp.Write(".github/workflows/deploy.yml", "on:\n  workflow_call:\n    inputs:\n      version: { type: string, required: true }\njobs:\n  d:\n    runs-on: x\n    steps: [{ run: echo }]\n");
        _temp.Write(".github/workflows/ci.yml", "on: push\njobs:\n  call:\n    uses: ./.github/workflows/deploy.yml\n    with: { versoin: '1.0' }\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", ".github/workflows/ci.yml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(".github/workflows/ci.yml:5:22: error: Invalid input, versoin is not defined in the referenced workflow.", result.Stdout);
        Assert.Contains(".github/workflows/ci.yml:4:11: error: Input version is required, but not provided while calling.", result.Stdout);
    }

    [Fact]
    public async Task Warnings_are_printed_but_leave_the_file_valid()
    {
        _temp.Write("ci.yml", "on: push\njobs:\n  a:\n    runs-on: ${{ matrix.os }}\n    steps: [{ run: echo }]\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "ci.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ci.yml:4:14: warning: Job 'a' has no strategy.matrix", result.Stdout);
        Assert.Equal("1 file checked, 0 invalid, 0 errors", result.StdoutLines.Last());
    }

    [Fact]
    public async Task Without_a_path_outside_any_git_repository_it_is_a_usage_error()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "validate");

        // The temp folder could sit inside a repository on some machines; only then is the default path found.
        if (GitRootAbove(_temp.Path) is null)
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("not inside a git repository", result.Stderr);
            Assert.Empty(result.Stdout);
        }
    }

    [Fact]
    public async Task A_git_repository_without_a_workflows_folder_is_a_usage_error_naming_the_folder()
    {
        await _temp.GitInitAsync();

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(Path.Combine(".github", "workflows"), result.Stderr);
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error_that_names_the_path_and_checks_nothing()
    {
        _temp.Write("ci.yml", WorkflowTexts.Valid);

        var result = await SluiceProcess.RunAsync(_temp.Path, "validate", "ci.yml", "no-such-workflow.yml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'no-such-workflow.yml'", result.Stderr);
        Assert.Empty(result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Theory]
    [InlineData("validate", "--no-such-option", "ci.yml")]
    [InlineData("validate", "--format", "xml", "ci.yml")]
    [InlineData("no-such-command")]
    [InlineData]
    public async Task A_bad_command_line_is_a_usage_error_with_one_line_advice(params string[] args)
    {
        _temp.Write("ci.yml", WorkflowTexts.Valid);

        var result = await SluiceProcess.RunAsync(_temp.Path, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("sluice --help", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Help_lists_both_commands_and_exits_zero()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^\s+validate\b", result.Stdout);
        Assert.Matches(@"(?m)^\s+expr\b", result.Stdout);
    }

    private static string? GitRootAbove(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (Path.Exists(Path.Combine(current.FullName, ".git")))
            {
                return current.FullName;
            }
        }

        return null;
    }
}
