namespace Sluice.Cli.Evaluation;

/// <summary>The shape of a context name: what the expression language accepts as a named value.</summary>
internal static class ContextNames
{
    public static bool IsValid(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
