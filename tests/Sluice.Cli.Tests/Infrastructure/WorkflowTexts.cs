namespace Sluice.Cli.Tests.Infrastructure;

/// <summary>Workflow texts whose verdict does not depend on fine points of the validator.</summary>
public static class WorkflowTexts
{
    public const string Valid = """
        name: ci
        on: [push, pull_request]
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: dotnet build
          test:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - run: dotnet test
        """;

    /// <summary>Invalid at line 8: the job needs a job that does not exist.</summary>
    public const string NeedsMissingJob = """
        name: ci
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo build
            needs: [nonexistent]
          lint:
            runs-on: ubuntu-latest
            steps:
              - run: echo lint
        """;

    /// <summary>Not even YAML: a flow sequence that never closes.</summary>
    public const string BrokenYaml = """
        on: push
        jobs:
          build:
            runs-on: [ubuntu-latest
            steps:
              - run: echo
        """;
}
