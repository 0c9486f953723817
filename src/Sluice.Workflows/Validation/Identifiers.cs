namespace Sluice.Workflows.Validation;

/// <summary>GitHub's rule for job and step ids.</summary>
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
}
