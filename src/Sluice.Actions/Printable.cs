namespace Sluice.Actions;

/// <summary>Text from a repository or a user as a message may show it: control characters made visible, and not too long.</summary>
internal static class Printable
{
    public static string Of(string text, int maxLength = 100)
    {
        var visible = string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return visible.Length > maxLength ? visible[..maxLength] + "..." : visible;
    }
}
