namespace Sluice.Engine.Steps;

/// <summary>A file command (GITHUB_OUTPUT, GITHUB_ENV, ...) was written in a form that cannot be read.</summary>
public sealed class FileCommandException(string message) : Exception(message);
