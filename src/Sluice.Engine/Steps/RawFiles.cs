using System.Runtime.InteropServices;

namespace Sluice.Engine.Steps;

/// <summary>
/// Small-file I/O straight through libc where it can: a .NET file open also checks the file and takes and
/// releases an advisory lock, three times the system calls of open, read and close, and a job does this for
/// every step's file-command files and for every process in /proc when it ends. Elsewhere, .NET's own calls.
/// </summary>
internal static class RawFiles
{
    private static bool s_libcUnavailable = !OperatingSystem.IsLinux();

    /// <summary>Creates <paramref name="path"/> empty, or empties it.</summary>
    public static void CreateEmpty(string path)
    {
        if (!s_libcUnavailable)
        {
            try
            {
                var fd = LibC.Open(path, LibC.OpenWriteOnly | LibC.OpenCreate | LibC.OpenTruncate | LibC.OpenCloseOnExec, Convert.ToInt32("666", 8));
                if (fd >= 0)
                {
                    _ = LibC.Close(fd);
                    return;
                }
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                s_libcUnavailable = true;
            }
        }

        // Also the way to a proper exception when open failed.
        File.WriteAllBytes(path, []);
    }

    /// <summary>
    /// Reads all of <paramref name="path"/> into <paramref name="buffer"/>, which grows as needed; returns the number of
    /// bytes, or -1 when the file cannot be read (gone, or not ours to read).
    /// </summary>
    public static int TryReadAll(string path, ref byte[] buffer)
    {
        if (!s_libcUnavailable)
        {
            try
            {
                return ReadThroughLibC(path, ref buffer);
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                s_libcUnavailable = true;
            }
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length > buffer.Length)
            {
                buffer = new byte[bytes.Length];
            }

            bytes.CopyTo(buffer, 0);
            return bytes.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static int ReadThroughLibC(string path, ref byte[] buffer)
    {
        var fd = LibC.Open(path, LibC.OpenReadOnly | LibC.OpenCloseOnExec, 0);
        if (fd < 0)
        {
            return -1;
        }

        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Max(4096, buffer.Length * 2));
                }

                var read = LibC.Read(fd, ref buffer[length], buffer.Length - length);
                if (read > 0)
                {
                    length += (int)read;
                }
                else if (read == 0)
                {
                    return length;
                }
                else if (Marshal.GetLastPInvokeError() != LibC.EINTR)
                {
                    return -1;
                }
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }
}
