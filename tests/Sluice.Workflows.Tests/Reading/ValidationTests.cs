using static Sluice.Workflows.Tests.Reading.ReadTestHelpers;

namespace Sluice.Workflows.Tests.Reading;

public sealed class ValidationTests
{
    [Fact]
    public void Every_problem_the_schema_finds_is_reported_at_once_with_line_and_column()
    {
        var result = Read("""
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                timeout-minutes: soon
                steps:
                  - run: echo ${{ secrets.x
                  - uses: actions/checkout@v4
                    colour: blue
              test:
                needs: missing
                runs-on: ubuntu-latest
            """);

        Assert.False(result.IsValid);
        var errors = result.Errors.Select(e => (e.Line, e.Column, e.Message)).ToList();
        Assert.Contains((5, 22, "Unexpected value 'soon'"), errors);
        Assert.Contains((7, 14, "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found."), errors);
        Assert.Contains((9, 9, "Unexpected value 'colour'"), errors);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void The_needs_graph_is_checked_once_the_rest_of_the_workflow_is_valid_as_GitHub_does()
    {
        var result = Read("""
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo hi
              test:
                needs: missing
                runs-on: ubuntu-latest
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal((8, 12, "Job 'test' depends on unknown job 'missing'."), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Diagnostics_print_like_a_compiler()
    {
        var error = Read("on: push\njobs:\n  a:\n    runs-on: [x]\n    bogus: 1\n").Errors.Single();
        Assert.Equal($"{FileName}:5:5: error: Unexpected value 'bogus'", error.ToString());
    }

    [Fact]
    public void Named_values_are_checked_against_the_place_they_are_used()
    {
        var result = Read("""
            on: push
            concurrency: ${{ secrets.token }}
            jobs:
              a:
                runs-on: ubuntu-latest
                if: steps.x.outcome == 'success'
                steps:
                  - run: echo ${{ steps.y.outputs.z }} ${{ hashFiles('**/*.lock') }}
            """);

        Assert.Equal(
            ["Unrecognized named-value: 'secrets'. Located at position 1 within expression: secrets.token",
             "Unrecognized named-value: 'steps'. Located at position 1 within expression: steps.x.outcome == 'success'"],
            result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Matrix_outside_a_matrix_job_is_a_warning_not_an_error()
    {
        var result = Read("on: push\njobs:\n  a:\n    runs-on: ${{ matrix.os }}\n    steps: [{ run: echo }]\n");

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(4, warning.Line);
        Assert.Contains("no strategy.matrix", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_matrix_over_the_job_limit_is_refused_and_excludes_count()
    {
        var vectors = string.Join("\n", Enumerable.Range(0, 3).Select(i => $"        v{i}: [{string.Join(", ", Enumerable.Range(0, 7))}]"));
        var tooMany = Read($"on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n{vectors}\n    steps: [{{ run: echo }}]\n");
        Assert.Contains("The matrix produces 343 jobs; a matrix may produce at most 256.", tooMany.Messages(), StringComparison.Ordinal);

        var trimmed = Read($"on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n{vectors}\n        exclude:\n          - v0: 0\n          - v0: 1\n    steps: [{{ run: echo }}]\n");
        Assert.True(trimmed.IsValid, trimmed.Messages());
    }

    [Fact]
    public void A_chain_of_thousands_of_jobs_with_a_cycle_is_reported_without_overflowing()
    {
        // j0 starts; j1 -> j2 -> ... -> j4999 -> j1 is a cycle, so each of those needs is reported.
        var jobs = string.Join("\n", Enumerable.Range(0, 5000).Select(i => i == 0
            ? "  j0:\n    runs-on: x\n    steps: [{ run: echo }]"
            : $"  j{i}:\n    needs: j{(i % 4999) + 1}\n    runs-on: x\n    steps: [{{ run: echo }}]"));
        var result = Read($"on: push\njobs:\n{jobs}\n");

        Assert.Equal(4999, result.Errors.Count(e => e.Message.Contains("creates a cycle", StringComparison.Ordinal)));
        Assert.Equal(4999, result.Errors.Count);
    }

    [Fact]
    public void A_workflow_where_every_job_waits_for_another_reports_only_that_no_job_can_start()
    {
        var result = Read("on: push\njobs:\n  a:\n    needs: b\n    runs-on: x\n    steps: [{ run: echo }]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{ run: echo }]\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, 3, "The workflow must contain at least one job with no dependencies."), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_job_waiting_on_a_cycle_is_reported_with_the_cycle_as_GitHub_reports_it()
    {
        var result = Read("on: push\njobs:\n  start:\n    runs-on: x\n    steps: [{ run: echo }]\n  a:\n    needs: b\n    runs-on: x\n    steps: [{ run: echo }]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{ run: echo }]\n  c:\n    needs: [start, a]\n    runs-on: x\n    steps: [{ run: echo }]\n");

        var errors = result.Errors.Select(e => (e.Line, e.Message)).Order().ToList();
        Assert.Equal(
            [
                (7, "Job 'a' depends on job 'b' which creates a cycle in the dependency graph."),
                (11, "Job 'b' depends on job 'a' which creates a cycle in the dependency graph."),
                (15, "Job 'c' depends on job 'a' which creates a cycle in the dependency graph."),
            ],
            errors);
    }

    [Fact]
    public void Both_branches_and_branches_ignore_is_an_error()
    {
        var result = Read("on:\n  push:\n    branches: [main]\n    branches-ignore: [dev]\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: echo }]\n");
        Assert.Equal(4, result.Errors.Single().Line);
    }

    [Theory]
    [InlineData("0 */12 * * *", true)]
    [InlineData("15 4 * JAN-MAR MON-FRI", true)]
    [InlineData("61 * * * *", false)]
    [InlineData("* * *", false)]
    public void Cron_schedules_are_checked(string cron, bool valid)
    {
        var result = Read($"on:\n  schedule:\n    - cron: '{cron}'\njobs:\n  a:\n    runs-on: x\n    steps: [{{ run: echo }}]\n");
        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void A_local_reusable_workflow_is_followed_through_the_resolver()
    {
        var options = new WorkflowReaderOptions
        {
            ResolveReusableWorkflow = reference => reference == "./.github/workflows/deploy.yml"
                ? "on:\n  workflow_call:\n    inputs:\n      version: { type: string, required: true }\njobs:\n  d:\n    runs-on: x\n    steps: [{ run: echo }]\n"
                : null,
        };

        var missing = Read("on: push\njobs:\n  call:\n    uses: ./.github/workflows/deploy.yml\n", options);
        Assert.Equal("Input version is required, but not provided while calling.", missing.Errors.Single().Message);

        var given = Read("on: push\njobs:\n  call:\n    uses: ./.github/workflows/deploy.yml\n    with: { version: '1.0' }\n", options);
        Assert.True(given.IsValid, given.Messages());
    }
}

public sealed class MatrixValidationTests
{
    [Fact]
    public void A_literal_matrix_is_expanded_when_read_so_an_exclude_naming_no_vector_is_an_error()
    {
        var result = ReadTestHelpers.Read("on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: [a, b]\n        exclude: [{ arch: arm }]\n    steps: [{ run: echo }]\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((8, 21), (error.Line, error.Column));
        Assert.Equal("Matrix exclude key 'arch' does not match any key within the matrix", error.Message);
    }

    [Fact]
    public void A_matrix_with_expressions_is_left_for_the_run_to_expand()
    {
        var result = ReadTestHelpers.Read("on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        os: ${{ fromJSON(vars.OSES) }}\n        exclude: [{ arch: arm }]\n    steps: [{ run: echo }]\n");

        Assert.True(result.IsValid, result.Messages());
    }
}
