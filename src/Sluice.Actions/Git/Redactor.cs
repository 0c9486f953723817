using System.Text;

namespace Sluice.Actions.Git;

/// <summary>Takes a token out of any text before it can reach a message, in every form git could echo it.</summary>
internal sealed class Redactor
{
    private const string Mask = "***";
    private readonly string[] _secrets;

    public Redactor(string? token)
    {
        _secrets = string.IsNullOrEmpty(token)
            ? []
            : new[] { BasicAuth.Credentials(token), BasicAuth.HeaderValue(token), token, Uri.EscapeDataString(token) }
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(s => s.Length)
                .ToArray();
    }

    public string Redact(string text)
    {
        if (_secrets.Length == 0 || text.Length == 0)
        {
            return text;
        }

        var result = new StringBuilder(text);
        foreach (var secret in _secrets)
        {
            result.Replace(secret, Mask);
        }

        return result.ToString();
    }
}
