using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

/// <summary>Expression keys and <c>${{ insert }}</c> in workflows run end to end: matrices, env, with, outputs.</summary>
public sealed class ExpressionKeyRunTests
{
    private const string Prepare = """
          prepare:
            runs-on: x
            outputs:
              name: ${{ steps.s.outputs.name }}
              values: ${{ steps.s.outputs.values }}
              extra: ${{ steps.s.outputs.extra }}
            steps:
              - id: s
                run: |
                  echo "name=os" >> "$GITHUB_OUTPUT"
                  echo 'values=["linux", "mac"]' >> "$GITHUB_OUTPUT"
                  echo 'extra={"arch": "arm64", "tier": 2}' >> "$GITHUB_OUTPUT"
        """;

    [Fact]
    public async Task A_matrix_key_from_the_outputs_of_a_needed_job_is_evaluated_before_the_matrix_expands()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
            {{{Prepare}}}
              test:
                needs: prepare
                runs-on: x
                strategy:
                  matrix:
                    ${{ needs.prepare.outputs.name }}: ${{ fromJSON(needs.prepare.outputs.values) }}
                    exclude:
                      - os: mac
                    include:
                      - os: linux
                        ${{ format('{0}-flavour', needs.prepare.outputs.name) }}: debian
                steps:
                  - run: echo "leg os=${{ matrix.os }} flavour=${{ matrix.os-flavour }}"
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var leg = Assert.Single(result.Jobs, j => j.JobId == "test");
        Assert.Equal("test (linux, debian)", leg.DisplayName);
        Assert.Equal(["leg os=linux flavour=debian"], run.Observer.Lines.Where(l => l.Job.StartsWith("test", StringComparison.Ordinal)).Select(l => l.Text));
    }

    [Fact]
    public async Task A_matrix_key_that_evaluates_to_nothing_fails_its_job_saying_which_key()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
            {{{Prepare}}}
              test:
                needs: prepare
                runs-on: x
                strategy:
                  matrix:
                    ${{ needs.prepare.outputs.missing }}: [a, b]
                steps: [{ run: echo never }]
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Equal(Conclusion.Failure, result.Jobs.Single(j => j.JobId == "test").Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Job == "test" && a.Level == "error"
            && a.Message == "The strategy of job 'test' could not be expanded: The key '${{ needs.prepare.outputs.missing }}' must evaluate to a name (a string), not null");
        Assert.Empty(run.Observer.LinesOf("test"));
    }

    [Fact]
    public async Task Insert_merges_a_mapping_into_matrix_entries_job_env_step_env_with_and_outputs()
    {
        using var run = new WorkflowRun($$$"""
            on: push
            jobs:
            {{{Prepare}}}
              use:
                needs: prepare
                runs-on: x
                strategy:
                  matrix:
                    include:
                      - name: one
                        ${{ insert }}: ${{ fromJSON(needs.prepare.outputs.extra) }}
                env:
                  FIRST: job
                  ${{ insert }}: ${{ fromJSON('{"FROM_INSERT":"job-insert"}') }}
                outputs:
                  ${{ insert }}: ${{ fromJSON('{"merged":"output-insert"}') }}
                steps:
                  - uses: actions/checkout@v4
                  - env:
                      ${{ insert }}: ${{ matrix }}
                    run: echo "matrix ${{ matrix.name }} ${{ matrix.arch }} ${{ matrix.tier }} | env $FIRST $FROM_INSERT | step $name $arch $tier"
                  - uses: ./.github/actions/show
                    with:
                      ${{ insert }}: ${{ fromJSON('{"value":"with-insert"}') }}
              after:
                needs: use
                runs-on: x
                steps:
                  - run: echo "output ${{ needs.use.outputs.merged }}"
            """, (".github/actions/show/action.yml", """
                name: Show
                inputs:
                  value: { required: true }
                runs:
                  using: composite
                  steps:
                    - shell: bash
                      run: echo "input ${{ inputs.value }}"
                """));

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Success, result.Conclusion);
        var lines = run.Observer.Lines.Select(l => l.Text).Where(l => !l.StartsWith('▶') && !l.StartsWith("Checking out", StringComparison.Ordinal)).ToList();
        Assert.Contains("matrix one arm64 2 | env job job-insert | step one arm64 2", lines);
        Assert.Contains("input with-insert", lines);
        Assert.Contains("output output-insert", lines);
        Assert.Equal("use (one, arm64, 2)", result.Jobs.Single(j => j.JobId == "use").DisplayName);
    }

    [Fact]
    public async Task Insert_of_something_other_than_a_mapping_fails_the_job_naming_the_problem()
    {
        using var run = new WorkflowRun("""
            on: push
            jobs:
              j:
                runs-on: x
                env:
                  ${{ insert }}: ${{ github.ref }}
                steps: [{ run: echo never }]
            """);

        var result = await run.RunAsync();

        Assert.Equal(Conclusion.Failure, result.Conclusion);
        Assert.Contains(run.Observer.Annotations, a => a.Level == "error"
            && a.Message == "The job's env could not be evaluated: The value of '${{ insert }}' must be a mapping to merge into its parent, not the string 'refs/heads/main'");
        Assert.Empty(run.Observer.LinesOf("j"));
    }
}
