namespace Sluice.Engine.Steps;

/// <summary>A program and its arguments that run a step's script, and where that script was written.</summary>
public sealed record ShellInvocation(string FileName, IReadOnlyList<string> Arguments, string ScriptPath);
