namespace Sluice.Server.Access;

/// <summary>Files only the server's user may read (the admin token, the secrets key): created with mode 0600 before anything is written.</summary>
public static class PrivateFile
{
    public static void Write(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
