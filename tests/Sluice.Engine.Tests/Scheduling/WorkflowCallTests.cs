using Sluice.Engine.Scheduling;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Tests.Scheduling;

/// <summary>A call made a scope the way every driver of a run makes it (sluice run and the server): inputs typed, secrets mapped or inherited, names prefixed.</summary>
public sealed class WorkflowCallTests
{
    private const string Called = """
        on:
          workflow_call:
            inputs:
              name: { type: string, required: true }
              count: { type: number, default: 2 }
              flag: { type: boolean, default: false }
            secrets:
              token: { required: false }
        jobs:
          build: { runs-on: x, steps: [{ run: echo }] }
        """;

    private static readonly ObjectValue RunSecrets = Secrets(("TOKEN", "t0k"), ("OTHER", "0ther"));

    [Fact]
    public void Inputs_are_typed_as_declared_defaults_fill_the_rest_and_mapped_secrets_are_the_only_ones_passed()
    {
        var run = Caller("""
            on: push
            jobs:
              call:
                strategy: { matrix: { n: [4] } }
                uses: ./.github/workflows/called.yml
                with: { name: "n${{ matrix.n }}", count: "${{ matrix.n }}", flag: "true" }
                secrets: { token: "${{ secrets.TOKEN }}" }
            """);

        var (call, problem) = WorkflowCall.Prepare(run.Snapshot, run.Leg("call-1").Id, Read(Called), RunSecrets);

        Assert.Null(problem);
        Assert.NotNull(call);
        Assert.Equal("n4", Assert.IsType<StringValue>(Input(call, "name")).Value);
        Assert.Equal(4d, Assert.IsType<NumberValue>(Input(call, "count")).Value);
        Assert.True(Assert.IsType<BooleanValue>(Input(call, "flag")).Value);
        Assert.Equal([("token", "t0k")], call.Secrets.Properties.Select(p => (p.Key, p.Value.ToDisplayString())));
        Assert.Equal(("call-1.", "call (4) / "), (call.Scope.KeyPrefix, call.Scope.DisplayPrefix));
        Assert.Equal(["build"], call.Scope.Plan.Select(j => j.Id));
    }

    [Fact]
    public void Inherited_secrets_are_all_of_the_callers_and_none_are_passed_when_none_are_given()
    {
        var run = Caller("""
            on: push
            jobs:
              inherit: { uses: ./.github/workflows/called.yml, with: { name: a }, secrets: inherit }
              none: { uses: ./.github/workflows/called.yml, with: { name: b } }
            """);

        var (inherit, _) = WorkflowCall.Prepare(run.Snapshot, run.Leg("inherit").Id, Read(Called), RunSecrets);
        var (none, _) = WorkflowCall.Prepare(run.Snapshot, run.Leg("none").Id, Read(Called), RunSecrets);

        Assert.NotNull(inherit);
        Assert.NotNull(none);
        Assert.Equal(["OTHER", "TOKEN"], inherit.Secrets.Properties.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Empty(none.Secrets.Properties);
        Assert.Equal(2d, Assert.IsType<NumberValue>(Input(none, "count")).Value);
        Assert.False(Assert.IsType<BooleanValue>(Input(none, "flag")).Value);
    }

    [Fact]
    public void An_invalid_called_workflow_or_inputs_that_cannot_be_evaluated_are_problems_not_exceptions()
    {
        var run = Caller("""
            on: push
            jobs:
              call: { uses: ./.github/workflows/called.yml, with: { name: "${{ fromJSON('{') }}" } }
            """);

        var (invalid, why) = WorkflowCall.Prepare(run.Snapshot, run.Leg("call").Id, new WorkflowReader().Read("called.yml", "on: workflow_call\njobs: 12\n"), RunSecrets);
        var (unevaluated, because) = WorkflowCall.Prepare(run.Snapshot, run.Leg("call").Id, Read(Called), RunSecrets);

        Assert.Null(invalid);
        Assert.StartsWith("The called workflow is invalid: ", why, StringComparison.Ordinal);
        Assert.Null(unevaluated);
        Assert.StartsWith("The inputs of the call could not be evaluated: ", because, StringComparison.Ordinal);
    }

    /// <summary>The caller's run settled up to its calls' starts.</summary>
    private static DeciderRun Caller(string workflow)
    {
        var run = new DeciderRun(workflow);
        run.Settle();
        return run;
    }

    private static ExpressionValue Input(PreparedCall call, string name) =>
        call.Scope.Inputs.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"no input '{name}'");

    private static WorkflowReadResult Read(string yaml) => new WorkflowReader().Read("called.yml", yaml);

    private static ObjectValue Secrets(params (string Name, string Value)[] secrets)
    {
        var all = new ObjectValue();
        foreach (var (name, value) in secrets)
        {
            all.Set(name, ExpressionValue.FromString(value));
        }

        return all;
    }
}
