namespace Sluice.Cli;

/// <summary>The command line asks for something that cannot be done as written; the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
