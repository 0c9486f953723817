namespace Sluice.Engine.Execution.Artifacts;

/// <summary>The major version of a <c>uses:</c> reference such as <c>actions/upload-artifact@v3.1.2</c>; null for a branch or SHA.</summary>
internal static class ActionVersion
{
    public static int? Major(string uses)
    {
        var at = uses.LastIndexOf('@');
        var version = at < 0 ? "" : uses[(at + 1)..].TrimStart('v', 'V');
        var digits = new string([.. version.TakeWhile(char.IsAsciiDigit)]);
        return digits.Length is > 0 and < 6 ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public static string Home(BuiltinActionContext context) =>
        context.Request.Run.BaseEnvironment.TryGetValue("HOME", out var home) && home.Length > 0
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static bool IsTrue(string value) => string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
