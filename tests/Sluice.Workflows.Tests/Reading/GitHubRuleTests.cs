using static Sluice.Workflows.Tests.Reading.ReadTestHelpers;

namespace Sluice.Workflows.Tests.Reading;

/// <summary>
/// One test per check that GitHub's reader makes beyond its schema (docs/workflow-language.md lists them by these
/// ids): the workflow that breaks the rule gets GitHub's message at GitHub's line and column, and the nearest
/// workflow that keeps it is valid.
/// </summary>
public sealed class GitHubRuleTests
{
    public static TheoryData<string, string, int, int, string> Broken => new()
    {
        { "job-id", "jobs:\n  1st:\n    runs-on: x\n    steps: [{ run: a }]", 3, 3, "The identifier '1st' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. IDs must start with a letter or '_' and and must be less than 100 characters." },
        { "job-id-reserved", "jobs:\n  __build:\n    runs-on: x\n    steps: [{ run: a }]", 3, 3, "The identifier '__build' is invalid. IDs starting with '__' are reserved." },
        { "step-id", "jobs:\n  a:\n    runs-on: x\n    steps:\n      - id: my step\n        run: a", 6, 13, "The identifier 'my step' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. IDs must start with a letter or '_' and and must be less than 100 characters." },
        { "step-id-reserved", "jobs:\n  a:\n    runs-on: x\n    steps:\n      - id: __x\n        run: a", 6, 13, "The identifier '__x' is invalid. IDs starting with '__' are reserved." },
        { "step-id-unique", "jobs:\n  a:\n    runs-on: x\n    steps:\n      - id: Build\n        run: a\n      - id: build\n        run: b", 8, 13, "The identifier 'build' may not be used more than once within the same scope." },
        { "needs-unknown", "jobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]\n  b:\n    needs: c\n    runs-on: x\n    steps: [{ run: a }]", 7, 12, "Job 'b' depends on unknown job 'c'." },
        { "needs-cycle", "jobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]\n  b:\n    needs: [a, b]\n    runs-on: x\n    steps: [{ run: a }]", 7, 16, "Job 'b' depends on job 'b' which creates a cycle in the dependency graph." },
        { "needs-root", "jobs:\n  a:\n    needs: b\n    runs-on: x\n    steps: [{ run: a }]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{ run: a }]", 3, 3, "The workflow must contain at least one job with no dependencies." },
        { "runs-on-group", "jobs:\n  a:\n    runs-on:\n      group: team/linux\n    steps: [{ run: a }]", 5, 14, "Invalid runs-on group name 'team/linux'. Please use 'organization/' or 'enterprise/' prefix to target a single runner group." },
        { "runs-on-group-name", "jobs:\n  a:\n    runs-on:\n      group: organization/\n    steps: [{ run: a }]", 5, 14, "Invalid runs-on group name 'organization/'." },
        { "uses-syntax", "jobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout", 6, 15, "Expected format {org}/{repo}[/path]@ref. Actual 'actions/checkout'" },
        { "job-uses-syntax", "jobs:\n  a:\n    uses: octo/workflows@v1", 4, 11, "Invalid workflow reference 'octo/workflows@v1': use {owner}/{repo}/.github/workflows/{file}@{ref} for a workflow of another repository, or ./.github/workflows/{file} in this one." },
        { "matrix-vector-values", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: []\n    steps: [{ run: a }]", 7, 13, "Matrix vector 'os' does not contain any values" },
        { "matrix-vector", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        include: []\n    steps: [{ run: a }]", 7, 9, "Matrix must define at least one vector" },
        { "matrix-include-values", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: [a]\n        include: [{}]\n    steps: [{ run: a }]", 8, 19, "Matrix include mapping does not contain any values" },
        { "matrix-exclude-values", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: [a, b]\n        exclude: [{}]\n    steps: [{ run: a }]", 8, 19, "Matrix exclude filter must not be empty" },
        { "matrix-exclude-key", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: [a, b]\n        exclude: [{ arch: arm }]\n    steps: [{ run: a }]", 8, 21, "Matrix exclude key 'arch' does not match any key within the matrix" },
        { "matrix-jobs", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\n        b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n    steps: [{ run: a }]", 7, 9, "The matrix produces 272 jobs; a matrix may produce at most 256." },
        { "matrix-empty", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: [a]\n        exclude: [{ os: a }]\n    steps: [{ run: a }]", 7, 9, "The matrix produces no jobs: exclude removes every combination and there is no include to add one." },
        { "container-image", "jobs:\n  a:\n    runs-on: x\n    container:\n      options: --cpus 1\n    steps: [{ run: a }]", 6, 7, "Container image cannot be empty" },
        { "container-image-docker", "jobs:\n  a:\n    runs-on: x\n    services:\n      db: docker://\n    steps: [{ run: a }]", 6, 11, "Container image cannot be empty" },
        { "concurrency-group-length", $"concurrency: {new string('g', 401)}\njobs:\n  a:\n    runs-on: x\n    steps: [{{ run: a }}]", 2, 14, "Concurrency group name must be less than 400 characters" },
        { "snapshot-version", "jobs:\n  a:\n    runs-on: x\n    snapshot:\n      image-name: base\n      version: '2.1'\n    steps: [{ run: a }]", 6, 7, "Expected format '{major-version}.*' Actual '2.1'" },
        { "expression-length", $"jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: \"${{{{ github.sha }}}} {new string('x', 21000)}\"", 6, 14, "Exceeded max expression length 21000" },
        { "cron", "  schedule:\n    - cron: '61 * * * *'\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]", 3, 13, "Invalid cron expression '61 * * * *': the minute field '61' has '61', which is not between 0 and 59. Expected format: '* * * * *' (minute hour day month weekday)." },
        { "filter-and-ignore", "  push:\n    branches: [main]\n    branches-ignore: [dev]\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]", 4, 22, "The 'push' event cannot use both 'branches' and 'branches-ignore'. Keep one, and write exclusions in 'branches' with a leading '!'." },
    };

    public static TheoryData<string, string> Kept => new()
    {
        { "job-id", "jobs:\n  _first-1:\n    runs-on: x\n    steps: [{ run: a }]" },
        { "step-id-unique", "jobs:\n  a:\n    runs-on: x\n    steps:\n      - id: build\n        run: a\n      - id: test\n        run: b\n  b:\n    runs-on: x\n    steps:\n      - id: build\n        run: a" },
        { "needs", "jobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]\n  b:\n    needs: [a, A]\n    runs-on: x\n    steps: [{ run: a }]" },
        { "runs-on-group", "jobs:\n  a:\n    runs-on:\n      group: enterprise/linux\n    steps: [{ run: a }]\n  b:\n    runs-on:\n      group: linux\n    steps: [{ run: a }]" },
        { "uses-syntax", "jobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: owner/repo/path/to/action@main\n      - uses: ./local\n      - uses: $/.github/actions/helper\n      - uses: docker://alpine:3" },
        { "job-uses-syntax", "jobs:\n  a:\n    uses: octo/workflows/.github/workflows/ci.yml@v1\n  b:\n    uses: ./.github/workflows/ci.yml\n  c:\n    uses: $/.github/workflows/ci.yml" },
        { "matrix", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        include: [{ os: a }]\n    steps: [{ run: a }]" },
        { "matrix-with-expressions", "jobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: ${{ fromJSON(vars.OSES) }}\n        exclude: [{ arch: arm }]\n    steps: [{ run: a }]" },
        { "container-image", "jobs:\n  a:\n    runs-on: x\n    container: ''\n    steps: [{ run: a }]" },
        { "container-expression", "jobs:\n  a:\n    runs-on: x\n    container:\n      image: ${{ vars.IMAGE }}\n    steps: [{ run: a }]" },
        { "snapshot-version", "jobs:\n  a:\n    runs-on: x\n    snapshot:\n      image-name: base\n      version: '2.*'\n    steps: [{ run: a }]" },
        { "expression-length", $"jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: \"{new string('x', 21000)}\"" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_workflow_breaking_the_rule_gets_GitHubs_error_at_GitHubs_place(string rule, string body, int line, int column, string message)
    {
        var result = Read(Workflow(body));

        var error = Assert.Single(result.Errors);
        Assert.True((line, column, message) == (error.Line, error.Column, error.Message), $"{rule}: got {error}");
    }

    [Theory]
    [MemberData(nameof(Kept))]
    public void A_workflow_keeping_the_rule_is_valid(string rule, string body)
    {
        var result = Read(Workflow(body));

        Assert.True(result.IsValid, $"{rule}: {result.Messages()}");
    }

    [Fact]
    public void The_checks_after_the_schema_wait_until_the_schema_accepts_the_workflow()
    {
        var result = Read("on: push\njobs:\n  __a:\n    runs-on: x\n    timeout-minutes: soon\n    steps: [{ run: a }]\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Unexpected value 'soon'", error.Message);
    }

    [Fact]
    public void The_job_limit_counts_the_jobs_of_called_workflows()
    {
        var options = new WorkflowReaderOptions
        {
            MaxJobs = 3,
            ResolveReusableWorkflow = _ => "on: workflow_call\njobs:\n  x:\n    runs-on: x\n    steps: [{ run: a }]\n  y:\n    runs-on: x\n    steps: [{ run: a }]\n",
        };

        var result = Read("on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n  other:\n    runs-on: x\n    steps: [{ run: a }]\n", options);

        var error = Assert.Single(result.Errors);
        Assert.Equal("The workflow may not contain more than 3 jobs", error.Message);
        Assert.Null(error.Line);
    }

    [Fact]
    public void Reusable_workflows_nest_ten_levels_deep_counting_the_caller_and_no_deeper()
    {
        string Level(int n) => n < 10
            ? $"on: workflow_call\njobs:\n  l{n}:\n    uses: o/r/.github/workflows/l{n + 1}.yml@v1\n"
            : "on: workflow_call\njobs:\n  last:\n    runs-on: x\n    steps: [{ run: a }]\n";
        var levels = Enumerable.Range(1, 10).ToDictionary(n => $"o/r/.github/workflows/l{n}.yml@v1", Level);

        var nine = Read("on: push\njobs:\n  top:\n    uses: o/r/.github/workflows/l2.yml@v1\n", new() { ResolveReusableWorkflow = r => levels.GetValueOrDefault(r) });
        var ten = Read("on: push\njobs:\n  top:\n    uses: o/r/.github/workflows/l1.yml@v1\n", new() { ResolveReusableWorkflow = r => levels.GetValueOrDefault(r) });

        Assert.True(nine.IsValid, nine.Messages());
        Assert.Equal("Nested reusable workflow depth exceeded 9.", Assert.Single(ten.Errors).Message);
    }

    [Fact]
    public void A_run_may_read_at_most_fifty_reusable_workflows()
    {
        var calls = string.Concat(Enumerable.Range(0, 51).Select(i => $"  c{i}:\n    uses: o/r/.github/workflows/w{i}.yml@v1\n"));
        var options = new WorkflowReaderOptions { ResolveReusableWorkflow = _ => "on: workflow_call\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]\n" };

        var result = Read($"on: push\njobs:\n{calls}", options);

        Assert.Equal("The maximum file count of 51 has been exceeded", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_called_workflow_must_declare_workflow_call()
    {
        var options = new WorkflowReaderOptions { ResolveReusableWorkflow = _ => "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]\n" };

        var result = Read("on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n", options);

        var error = Assert.Single(result.Errors);
        Assert.Equal((4, 11, "workflow_call key is not defined in the referenced workflow."), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Input_defaults_and_choice_options_that_GitHubs_service_accepts_are_warnings()
    {
        var result = Read("on:\n  workflow_dispatch:\n    inputs:\n      dry:\n        type: boolean\n        default: 'yes'\n      level:\n        type: choice\n      name:\n        options: [a]\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: a }]\n");

        Assert.True(result.IsValid, result.Messages());
        Assert.Equal(
            [
                (6, 18, "The default of workflow_dispatch input 'dry' is not a boolean."),
                (8, 9, "Missing 'options' for choice input"),
                (10, 9, "Input type is not 'choice', but 'options' is defined"),
            ],
            result.Warnings.Select(w => (w.Line ?? 0, w.Column ?? 0, w.Message)).Order().ToList());
    }

    [Fact]
    public void Background_steps_are_refused_unless_the_preview_is_on_and_then_their_references_are_checked()
    {
        const string Body = "jobs:\n  a:\n    runs-on: x\n    steps:\n      - id: server\n        run: serve\n        background: true\n      - wait: [server, db]\n      - cancel: server\n";

        var off = Read(Workflow(Body));
        var on = Read(Workflow(Body), new WorkflowReaderOptions { AllowBackgroundSteps = true });

        Assert.Contains(off.Errors, e => e.Message == "Unexpected value 'background'");
        var error = Assert.Single(on.Errors);
        Assert.Equal((9, 24, "Step references unknown step ID 'db'"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_warning_points_at_the_first_place_it_is_about()
    {
        var result = Read("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ matrix.one }}\n      - run: echo ${{ matrix.two }}\n");

        Assert.Equal(6, Assert.Single(result.Warnings).Line);
    }

    private static string Workflow(string body) => body.StartsWith("jobs:", StringComparison.Ordinal) || body.StartsWith("concurrency:", StringComparison.Ordinal)
        ? $"on: push\n{body}\n"
        : $"on:\n{body}\n";
}
