using System.Runtime.InteropServices;

namespace Sluice.Engine.Steps;

/// <summary>
/// The libc calls that starting a step's process in its own session and reading /proc need. Callers treat
/// <see cref="DllNotFoundException"/> and <see cref="EntryPointNotFoundException"/> as "not available here".
/// </summary>
internal static class LibC
{
    private const string Library = "libc";

    // glibc's values (spawn.h, bits/fcntl-linux.h, errno.h); the same on x86-64 and arm64.
    public const short PosixSpawnSetSignalMask = 0x08;
    public const short PosixSpawnSetSid = 0x80;
    public const int WaitNoHang = 1;
    public const int OpenReadOnly = 0;
    public const int OpenWriteOnly = 1;
    public const int OpenCreate = 0x40;
    public const int OpenTruncate = 0x200;
    public const int OpenCloseOnExec = 0x80000;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENOEXEC = 8;

    public const int ETXTBSY = 26;
    public const int ECHILD = 10;
    public const int EACCES = 13;

    // posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 in glibc on 64-bit; room to spare.
    public const int SpawnStructSize = 512;
    public const int SignalSetSize = 128;

    [DllImport(Library, EntryPoint = "posix_spawn")]
    public static extern int PosixSpawn(out int pid, IntPtr path, IntPtr fileActions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_init")]
    public static extern int FileActionsInit(IntPtr fileActions);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static extern int FileActionsDestroy(IntPtr fileActions);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static extern int FileActionsAddDup2(IntPtr fileActions, int fd, int newFd);

    [DllImport(Library, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static extern int FileActionsAddChdir(IntPtr fileActions, IntPtr path);

    [DllImport(Library, EntryPoint = "posix_spawnattr_init")]
    public static extern int AttributesInit(IntPtr attributes);

    [DllImport(Library, EntryPoint = "posix_spawnattr_destroy")]
    public static extern int AttributesDestroy(IntPtr attributes);

    [DllImport(Library, EntryPoint = "posix_spawnattr_setflags")]
    public static extern int AttributesSetFlags(IntPtr attributes, short flags);

    [DllImport(Library, EntryPoint = "posix_spawnattr_setsigmask")]
    public static extern int AttributesSetSignalMask(IntPtr attributes, IntPtr signalSet);

    [DllImport(Library, EntryPoint = "sigemptyset")]
    public static extern int SignalSetEmpty(IntPtr signalSet);

    [DllImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static extern int Pipe2(int[] fds, int flags);

    [DllImport(Library, EntryPoint = "close")]
    public static extern int Close(int fd);

    [DllImport(Library, EntryPoint = "waitpid", SetLastError = true)]
    public static extern int WaitPid(int pid, out int status, int options);

    [DllImport(Library, EntryPoint = "opendir")]
    public static extern IntPtr OpenDir([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    /// <summary>A struct dirent (the 64-bit layout: d_ino at 0, d_type at 18, d_name at 19), or zero at the end.</summary>
    [DllImport(Library, EntryPoint = "readdir")]
    public static extern IntPtr ReadDir(IntPtr directory);

    [DllImport(Library, EntryPoint = "closedir")]
    public static extern int CloseDir(IntPtr directory);

    [DllImport(Library, EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport(Library, EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, ref byte buffer, nint count);
}
