namespace Sluice.Engine.Steps;

/// <summary>A workflow command read from a step's output line (<c>::name key=value::message</c>).</summary>
public abstract record WorkflowCommand;

/// <summary><c>::group::Title</c>: starts a foldable group of log lines.</summary>
public sealed record GroupCommand(string Title) : WorkflowCommand;

/// <summary><c>::endgroup::</c></summary>
public sealed record EndGroupCommand : WorkflowCommand;

/// <summary><c>::add-mask::value</c>: the value is a secret from now on.</summary>
public sealed record MaskCommand(string Value) : WorkflowCommand;

public enum AnnotationLevel
{
    Error,
    Warning,
    Notice,
    Debug,
}

/// <summary><c>::error|warning|notice|debug file=,line=,endLine=,col=,endColumn=,title=::message</c></summary>
public sealed record AnnotationCommand(
    AnnotationLevel Level,
    string Message,
    string? File = null,
    int? Line = null,
    int? EndLine = null,
    int? Column = null,
    int? EndColumn = null,
    string? Title = null) : WorkflowCommand;

/// <summary>Deprecated <c>::set-output name=x::value</c>, still honoured.</summary>
public sealed record SetOutputCommand(string Name, string Value) : WorkflowCommand;

/// <summary>Deprecated <c>::save-state name=x::value</c>, still honoured.</summary>
public sealed record SaveStateCommand(string Name, string Value) : WorkflowCommand;

/// <summary>
/// Deprecated <c>::set-env name=x::value</c>: refused unless the step's env sets <c>ACTIONS_ALLOW_UNSECURE_COMMANDS</c>
/// to true. A missing name is kept as null so that the step can say so.
/// </summary>
public sealed record SetEnvCommand(string? Name, string Value) : WorkflowCommand;

/// <summary>Deprecated <c>::add-path::dir</c>: refused unless the step's env sets <c>ACTIONS_ALLOW_UNSECURE_COMMANDS</c> to true.</summary>
public sealed record AddPathCommand(string Path) : WorkflowCommand;

/// <summary><c>::echo::on</c> or <c>::echo::off</c>: whether command lines are echoed to the log.</summary>
public sealed record EchoCommand(bool On) : WorkflowCommand;

/// <summary><c>::stop-commands::TOKEN</c>: no command is processed until a line <c>::TOKEN::</c>.</summary>
public sealed record StopCommandsCommand(string Token) : WorkflowCommand;

/// <summary>The line <c>::TOKEN::</c> that ends a <see cref="StopCommandsCommand"/>.</summary>
public sealed record ResumeCommandsCommand : WorkflowCommand;
