namespace Sluice.Workflows.Validation;

/// <summary>GitHub's rules for job and step ids.</summary>
internal static class Identifiers
{
    public const int MaxLength = 100;

    public static bool IsValid(string id)
    {
        if (id.Length == 0 || id.Length >= MaxLength || !(char.IsAsciiLetter(id[0]) || id[0] == '_'))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static string InvalidMessage(string id) =>
        $"The identifier '{id}' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. IDs must start with a letter or '_' and and must be less than {MaxLength} characters.";

    /// <summary>
    /// What is wrong with an id written in the file, or null: its form, the reserved <c>__</c> prefix (GitHub's own
    /// generated ids start with it), or a second use in <paramref name="seen"/> (ignoring case), to which it is added.
    /// </summary>
    public static string? KnownIdProblem(string id, HashSet<string>? seen)
    {
        if (!IsValid(id))
        {
            return InvalidMessage(id);
        }

        if (id.StartsWith("__", StringComparison.Ordinal))
        {
            return $"The identifier '{id}' is invalid. IDs starting with '__' are reserved.";
        }

        return seen is null || seen.Add(id) ? null : $"The identifier '{id}' may not be used more than once within the same scope.";
    }
}
