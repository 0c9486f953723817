using static Sluice.Workflows.Schema.SchemaBuilder;

namespace Sluice.Workflows.Schema;

/// <summary>The shape of a workflow file, as GitHub documents its syntax.</summary>
internal static class WorkflowSchema
{
    private static readonly string[] PermissionScopes =
    [
        "actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues", "models",
        "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses",
    ];

    public static Definition Permissions { get; } = OneOf(
        OneOfValues("read-all", "write-all"),
        new MappingDefinition
        {
            Properties = PermissionScopes.ToDictionary(
                s => s,
                _ => new PropertyDefinition(OneOfValues("read", "write", "none")),
                StringComparer.Ordinal),
        });

    private static Definition RunDefaults(ExpressionScope? scope) => Mapping(
        scope,
        ("run", (Definition)Mapping(scope, ("shell", (Definition)NonEmpty(scope)), ("working-directory", NonEmpty(scope)))));

    private static Definition Concurrency(ExpressionScope scope) => OneOf(
        scope,
        NonEmpty(scope),
        Mapping(
            scope,
            ("group", Required(NonEmpty(scope))),
            ("cancel-in-progress", new PropertyDefinition(Bool(scope))),
            ("queue", new PropertyDefinition(NonEmpty(scope)))));

    private static Definition Container(ExpressionScope scope) => OneOf(
        scope,
        Str(scope),
        Mapping(
            scope,
            ("image", new PropertyDefinition(Str(scope))),
            ("options", new PropertyDefinition(Str(scope))),
            ("env", new PropertyDefinition(Dictionary(Str(Scopes.ContainerEnv), Scopes.ContainerEnv))),
            ("ports", new PropertyDefinition(SequenceOf(OneOf(Number(scope), NonEmpty(scope)), scope))),
            ("volumes", new PropertyDefinition(SequenceOf(NonEmpty(scope), scope))),
            ("credentials", new PropertyDefinition(Mapping(
                Scopes.JobCredentials,
                ("username", (Definition)Str(Scopes.JobCredentials)),
                ("password", Str(Scopes.JobCredentials)))))));

    private static readonly Definition Any = new AnyDefinition { Scope = Scopes.Strategy };

    private static readonly Definition Matrix = OneOf(
        Scopes.Strategy,
        new MappingDefinition
        {
            Scope = Scopes.Strategy,
            Properties = new Dictionary<string, PropertyDefinition>(StringComparer.Ordinal)
            {
                ["include"] = new(SequenceOf(Dictionary(Any, Scopes.Strategy), Scopes.Strategy)),
                ["exclude"] = new(SequenceOf(Dictionary(Any, Scopes.Strategy), Scopes.Strategy)),
            },
            LooseKey = NonEmpty(),
            LooseValue = SequenceOf(Any, Scopes.Strategy),
        });

    private static readonly Definition Strategy = Mapping(
        Scopes.Strategy,
        ("matrix", Matrix),
        ("fail-fast", Bool(Scopes.Strategy)),
        ("max-parallel", Number(Scopes.Strategy)));

    private static readonly Definition Needs = OneOf(NonEmpty(), SequenceOf(NonEmpty()));

    private static readonly Definition JobIf = OneOf(Condition(Scopes.JobIf), Bool(), Number());

    private static readonly Definition StepIf = OneOf(Condition(Scopes.StepIf), Bool(), Number());

    private static readonly Definition Environment = OneOf(
        Scopes.JobMatrix,
        NonEmpty(Scopes.JobMatrix),
        Mapping(
            Scopes.JobMatrix,
            ("name", Required(NonEmpty(Scopes.JobMatrix))),
            ("url", new PropertyDefinition(Str(Scopes.EnvironmentUrl))),
            ("deployment", new PropertyDefinition(Bool(Scopes.JobMatrix)))));

    private static readonly Definition RunsOn = OneOf(
        Scopes.JobMatrix,
        NonEmpty(Scopes.JobMatrix),
        SequenceOf(NonEmpty(Scopes.JobMatrix), Scopes.JobMatrix),
        Mapping(
            Scopes.JobMatrix,
            ("group", (Definition)NonEmpty(Scopes.JobMatrix)),
            ("labels", OneOf(Scopes.JobMatrix, NonEmpty(Scopes.JobMatrix), SequenceOf(NonEmpty(Scopes.JobMatrix), Scopes.JobMatrix)))));

    private static readonly Definition Snapshot = OneOf(
        Scopes.JobMatrix,
        NonEmpty(Scopes.JobMatrix),
        Mapping(Scopes.JobMatrix, ("image-name", Required(NonEmpty(Scopes.JobMatrix))), ("version", new PropertyDefinition(NonEmpty(Scopes.JobMatrix)))));

    private static (string, PropertyDefinition)[] StepCommon() =>
    [
        ("id", new PropertyDefinition(Str())),
        ("name", new PropertyDefinition(Str(Scopes.Step))),
        ("if", new PropertyDefinition(StepIf)),
        ("env", new PropertyDefinition(Dictionary(Str(Scopes.Step), Scopes.Step))),
        ("continue-on-error", new PropertyDefinition(Bool(Scopes.Step))),
        ("timeout-minutes", new PropertyDefinition(Number(Scopes.Step))),
        ("background", new PropertyDefinition(Bool(Scopes.Step))),
    ];

    private static readonly Definition RunStep = Mapping(
        null,
        [
            .. StepCommon(),
            ("run", Required(Str(Scopes.Step))),
            ("shell", new PropertyDefinition(NonEmpty(Scopes.Step))),
            ("working-directory", new PropertyDefinition(NonEmpty(Scopes.Step))),
        ]);

    private static readonly Definition UsesStep = Mapping(
        null,
        [
            .. StepCommon(),
            ("uses", Required(NonEmpty())),
            ("with", new PropertyDefinition(Dictionary(Str(Scopes.Step), Scopes.Step))),
        ]);

    private static readonly Definition WaitStep = Mapping(
        null,
        ("id", new PropertyDefinition(Str())),
        ("name", new PropertyDefinition(Str(Scopes.Step))),
        ("if", new PropertyDefinition(StepIf)),
        ("wait", Required(OneOf(NonEmpty(), SequenceOf(NonEmpty())))));

    private static readonly Definition WaitAllStep = Mapping(
        null,
        ("id", new PropertyDefinition(Str())),
        ("name", new PropertyDefinition(Str(Scopes.Step))),
        ("if", new PropertyDefinition(StepIf)),
        ("wait-all", Required(Null())));

    private static readonly Definition CancelStep = Mapping(
        null,
        ("id", new PropertyDefinition(Str())),
        ("name", new PropertyDefinition(Str(Scopes.Step))),
        ("if", new PropertyDefinition(StepIf)),
        ("cancel", Required(NonEmpty())));

    public static Definition Step { get; } = OneOf(RunStep, UsesStep, WaitStep, WaitAllStep, CancelStep);

    private static (string, PropertyDefinition)[] JobCommon() =>
    [
        ("name", new PropertyDefinition(Str(Scopes.JobMatrix))),
        ("needs", new PropertyDefinition(Needs)),
        ("if", new PropertyDefinition(JobIf)),
        ("permissions", new PropertyDefinition(Permissions)),
        ("concurrency", new PropertyDefinition(Concurrency(Scopes.JobMatrix))),
        ("strategy", new PropertyDefinition(Strategy)),
    ];

    private static readonly Definition RunnerJob = Mapping(
        null,
        [
            .. JobCommon(),
            ("runs-on", Required(RunsOn)),
            ("environment", new PropertyDefinition(Environment)),
            ("outputs", new PropertyDefinition(Dictionary(Str(Scopes.JobOutputs), Scopes.JobOutputs))),
            ("env", new PropertyDefinition(Dictionary(Str(Scopes.JobEnv), Scopes.JobEnv))),
            ("defaults", new PropertyDefinition(RunDefaults(Scopes.JobDefaults))),
            ("timeout-minutes", new PropertyDefinition(Number(Scopes.JobMatrix))),
            ("cancel-timeout-minutes", new PropertyDefinition(Number(Scopes.JobMatrix))),
            ("continue-on-error", new PropertyDefinition(Bool(Scopes.JobMatrix))),
            ("container", new PropertyDefinition(Container(Scopes.JobMatrix))),
            ("services", new PropertyDefinition(Dictionary(Container(Scopes.JobMatrix), Scopes.JobMatrix))),
            ("steps", new PropertyDefinition(SequenceOf(Step))),
            ("snapshot", new PropertyDefinition(Snapshot)),
        ]);

    private static readonly Definition CallerJob = Mapping(
        null,
        [
            .. JobCommon(),
            ("uses", Required(NonEmpty())),
            ("with", new PropertyDefinition(Dictionary(OneOf(Str(Scopes.JobMatrix), Bool(Scopes.JobMatrix), Number(Scopes.JobMatrix)), Scopes.JobMatrix))),
            ("secrets", new PropertyDefinition(OneOf(OneOfValues("inherit"), Dictionary(Str(Scopes.JobSecrets), Scopes.JobSecrets)))),
        ]);

    public static Definition Job { get; } = OneOf(RunnerJob, CallerJob);

    public static Definition Root { get; } = Mapping(
        null,
        ("on", Required(EventSchema.On)),
        ("name", new PropertyDefinition(Str())),
        ("run-name", new PropertyDefinition(Str(Scopes.RunName))),
        ("permissions", new PropertyDefinition(Permissions)),
        ("env", new PropertyDefinition(Dictionary(Str(Scopes.WorkflowEnv), Scopes.WorkflowEnv))),
        ("defaults", new PropertyDefinition(RunDefaults(null))),
        ("concurrency", new PropertyDefinition(Concurrency(Scopes.WorkflowConcurrency))),
        ("jobs", Required(new MappingDefinition { LooseKey = Str(), LooseValue = Job })));
}
