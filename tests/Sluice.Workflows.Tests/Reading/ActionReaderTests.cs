namespace Sluice.Workflows.Tests.Reading;

/// <summary>action.yml read as GitHub's runner reads it (errors) and as its editor and marketplace read it (warnings).</summary>
public sealed class ActionReaderTests
{
    private static WorkflowReadResult Read(string yaml) => new ActionReader().Read("action.yml", yaml);

    private static List<(int?, int?, string)> Places(IEnumerable<WorkflowDiagnostic> diagnostics) =>
        [.. diagnostics.Select(d => (d.Line, d.Column, d.Message))];

    [Theory]
    [InlineData("name: n\ndescription: d\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.who }}\n      shell: bash\n    - uses: actions/checkout@v4\n      with: { ref: '${{ github.sha }}' }\n")]
    [InlineData("name: n\ndescription: d\nruns:\n  using: node20\n  main: dist/index.js\n  post: dist/post.js\n  post-if: runner.os == 'Linux'\n")]
    [InlineData("name: n\ndescription: d\nruns:\n  using: docker\n  image: Dockerfile\n  args: ['${{ inputs.x }}']\n  env: { A: '${{ inputs.a }}' }\nbranding: { icon: box, color: blue }\n")]
    public void Composite_JavaScript_and_Docker_actions_written_as_GitHub_documents_them_are_valid_without_warnings(string yaml)
    {
        var result = Read(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Keys_the_runner_ignores_are_warnings_not_errors()
    {
        var result = Read("name: n\ndescription: d\nenv:\n  A: b\ninputs:\n  x:\n    type: string\n    deprecation-message: old\nruns:\n  using: node20\n  main: index.js\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(
            [(3, 1, "Unexpected value 'env' (GitHub's runner accepts this; its editor and marketplace do not)")],
            Places(result.Warnings));
    }

    [Theory]
    [InlineData("name: n\nruns:\n  using: node99\n  main: index.js\n", 3, 10, "'using: node99' is not supported, use 'docker', 'node12', 'node16', 'node20', 'node24' or 'composite' instead.")]
    [InlineData("name: n\nruns:\n  using: node20\n  pre: pre.js\n", 3, 3, "You are using a JavaScript Action but there is not an entry JavaScript file provided.")]
    [InlineData("name: n\nruns:\n  using: docker\n  entrypoint: run.sh\n", 3, 3, "You are using a Container Action but an image is not provided.")]
    [InlineData("name: n\nruns:\n  using: composite\n", 3, 3, "There's not enough info to determine what you meant. Add one of these properties: args, entrypoint, env, image, main, post, post-entrypoint, pre, pre-entrypoint, steps")]
    [InlineData("name: n\ndescription: d\n", 1, 1, "Top level 'runs:' section is required.")]
    [InlineData("name: n\nruns:\n  using: composite\n  steps:\n    - run: echo\n", 5, 7, "Required property is missing: shell")]
    [InlineData("name: n\nruns:\n  using: composite\n  steps:\n    - uses: actions/checkout\n", 5, 13, "Expected format {org}/{repo}[/path]@ref. Actual 'actions/checkout'")]
    [InlineData("name: n\nruns:\n  using: composite\n  steps:\n    - id: a\n      run: x\n      shell: bash\n    - id: A\n      run: x\n      shell: bash\n", 8, 11, "The identifier 'A' may not be used more than once within the same scope.")]
    [InlineData("name: n\nruns:\n  using: docker\n  image: x\n  args: ['${{ github.sha }}']\n", 5, 10, "Unrecognized named-value: 'github'. Located at position 1 within expression: github.sha")]
    public void What_the_runner_refuses_is_an_error_at_its_place(string yaml, int line, int column, string message)
    {
        var result = Read(yaml);

        Assert.Contains((line, column, message), Places(result.Errors));
    }

    [Theory]
    [InlineData("")]
    [InlineData("- a\n- b\n")]
    [InlineData("name: [unclosed\n")]
    [InlineData("a: &x [*x]\n")]
    public void Bad_input_is_an_error_not_a_crash(string yaml)
    {
        var result = Read(yaml);

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [InlineData("action.yml", true)]
    [InlineData("path/to/action.yaml", true)]
    [InlineData(".github/workflows/ci.yml", false)]
    [InlineData("my-action.yml", false)]
    public void Action_metadata_files_are_known_by_name(string path, bool isAction) =>
        Assert.Equal(isAction, ActionReader.IsActionFile(path));

    [Fact]
    public void The_document_a_runner_loads_keeps_its_tokens_and_reads_composite_steps_as_job_steps()
    {
        var document = new ActionReader().ReadDocument("action.yml", "name: n\nenv: { A: b }\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.who }}\n      shell: bash\n    - if: inputs.who == 'x'\n      uses: acme/greet@v1\n");

        Assert.True(document.IsValid, string.Join("\n", document.Errors));
        Assert.NotNull(document.Root!.Get("env"));
        Assert.Equal(["__run", "__acme_greet"], document.CompositeSteps.Select(s => s.Id));
        Assert.Equal("success() && (inputs.who == 'x')", document.CompositeSteps[1].Condition);
        Assert.Contains(document.Warnings, w => w.Message.StartsWith("Unexpected value 'env'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_with_errors_has_no_tokens()
    {
        var document = new ActionReader().ReadDocument("action.yml", "name: n\nruns:\n  using: node99\n  main: x.js\n");

        Assert.Null(document.Root);
        Assert.Empty(document.CompositeSteps);
        Assert.False(document.IsValid);
    }
}
