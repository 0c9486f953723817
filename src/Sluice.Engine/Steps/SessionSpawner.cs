using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sluice.Engine.Steps;

/// <summary>
/// Starts a process as the leader of a new session with posix_spawn and POSIX_SPAWN_SETSID (glibc 2.26; the working
/// directory through posix_spawn_file_actions_addchdir_np, glibc 2.29): a timeout or cancellation can then stop its whole
/// tree through the process group, without starting it through setsid(1), a second program start for every step.
/// </summary>
/// <remarks>
/// Not used (<see cref="IsAvailable"/> is false) where libc lacks those calls, and where .NET itself reaps every child:
/// when it runs as pid 1, or when SIGCHLD was ignored when it started. The child gets what
/// <see cref="System.Diagnostics.Process"/> gives one: stdin a pipe with no writer, stdout and stderr pipes, an empty
/// signal mask, default handlers, and ignored signals still ignored (SIGPIPE, as on GitHub's runner).
/// </remarks>
internal static class SessionSpawner
{
    private static readonly Lazy<bool> Available = new(Probe);

    public static bool IsAvailable => Available.Value;

    /// <summary>Starts <paramref name="spec"/>; a program that is missing or cannot run is a <see cref="ShellException"/>.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static SpawnedProcess Start(ProcessSpec spec)
    {
        var program = ProgramSearch.Find(spec.FileName, spec.WorkingDirectory, spec.Environment) ?? throw NotFound(spec);

        var stdin = Pipe();
        var stdout = Pipe();
        var stderr = Pipe();
        int pid, error;
        try
        {
            var arguments = spec.Arguments.Prepend(spec.FileName).ToList();
            error = Spawn(program, arguments, spec, stdin[0], stdout[1], stderr[1], out pid);

            // "Text file busy": a script written just now is still open for writing in a child that another thread
            // forked in the meantime and that has not reached its exec yet; it closes within moments, so try again.
            for (var retry = 1; error == LibC.ETXTBSY && retry <= 10; retry++)
            {
                Thread.Sleep(retry);
                error = Spawn(program, arguments, spec, stdin[0], stdout[1], stderr[1], out pid);
            }

            if (error == LibC.ENOEXEC)
            {
                // execvp's rule for a file without a #! line: the shell runs it.
                error = Spawn("/bin/sh", ["/bin/sh", program, .. spec.Arguments], spec, stdin[0], stdout[1], stderr[1], out pid);
            }
        }
        finally
        {
            foreach (var fd in new[] { stdin[0], stdin[1], stdout[1], stderr[1] })
            {
                _ = LibC.Close(fd);
            }
        }

        if (error != 0)
        {
            _ = LibC.Close(stdout[0]);
            _ = LibC.Close(stderr[0]);

            // The child reports a failed chdir as it reports a failed exec, so the folder is checked only now.
            throw new ShellException(Directory.Exists(spec.WorkingDirectory)
                ? $"cannot start '{spec.FileName}' ({program}): {Marshal.GetPInvokeErrorMessage(error)}."
                : $"cannot start '{spec.FileName}': its working directory '{spec.WorkingDirectory}' does not exist.");
        }

        var exit = ChildExits.Watch(pid);
        return new SpawnedProcess(pid, exit, Reader(stdout[0]), Reader(stderr[0]));
    }

    internal static ShellException NotFound(ProcessSpec spec) => new(
        $"cannot start '{spec.FileName}': no such program{(spec.FileName.Contains('/', StringComparison.Ordinal) ? "" : " on the PATH it runs with")}, or it is not executable; install it or fix the path.");

    private static int Spawn(string program, IReadOnlyList<string> arguments, ProcessSpec spec, int stdin, int stdout, int stderr, out int pid)
    {
        var strings = new List<IntPtr>();
        IntPtr Native(string value)
        {
            var pointer = Marshal.StringToCoTaskMemUTF8(value);
            strings.Add(pointer);
            return pointer;
        }

        var actions = Marshal.AllocHGlobal(LibC.SpawnStructSize);
        var attributes = Marshal.AllocHGlobal(LibC.SpawnStructSize);
        var signals = Marshal.AllocHGlobal(LibC.SignalSetSize);
        try
        {
            var argv = new IntPtr[arguments.Count + 1];
            for (var index = 0; index < arguments.Count; index++)
            {
                argv[index] = Native(arguments[index]);
            }

            var envp = new IntPtr[spec.Environment.Count + 1];
            var slot = 0;
            foreach (var (name, value) in spec.Environment)
            {
                envp[slot++] = Native($"{name}={value}");
            }

            Check(LibC.FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(LibC.AttributesInit(attributes), "posix_spawnattr_init");
            try
            {
                Check(LibC.FileActionsAddDup2(actions, stdin, 0), "posix_spawn_file_actions_adddup2");
                Check(LibC.FileActionsAddDup2(actions, stdout, 1), "posix_spawn_file_actions_adddup2");
                Check(LibC.FileActionsAddDup2(actions, stderr, 2), "posix_spawn_file_actions_adddup2");
                Check(LibC.FileActionsAddChdir(actions, Native(spec.WorkingDirectory)), "posix_spawn_file_actions_addchdir_np");
                Check(LibC.SignalSetEmpty(signals), "sigemptyset");
                Check(LibC.AttributesSetSignalMask(attributes, signals), "posix_spawnattr_setsigmask");
                Check(LibC.AttributesSetFlags(attributes, LibC.PosixSpawnSetSid | LibC.PosixSpawnSetSignalMask), "posix_spawnattr_setflags");
                return LibC.PosixSpawn(out pid, Native(program), actions, attributes, argv, envp);
            }
            finally
            {
                _ = LibC.FileActionsDestroy(actions);
                _ = LibC.AttributesDestroy(attributes);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(signals);
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new ShellException($"cannot start a process: {call} failed: {Marshal.GetPInvokeErrorMessage(result < 0 ? Marshal.GetLastPInvokeError() : result)}.");
        }
    }

    private static int[] Pipe()
    {
        var fds = new int[2];
        if (LibC.Pipe2(fds, LibC.OpenCloseOnExec) != 0)
        {
            throw new ShellException($"cannot start a process: no pipe for its output: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        return fds;
    }

    private static StreamReader Reader(int fd) =>
        new(new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(fd, ownsHandle: true)), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, bufferSize: 4096);

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessId == 1 || ChildSignalIgnored())
        {
            return false;
        }

        var actions = Marshal.AllocHGlobal(LibC.SpawnStructSize);
        var attributes = Marshal.AllocHGlobal(LibC.SpawnStructSize);
        var root = Marshal.StringToCoTaskMemUTF8("/");
        try
        {
            if (LibC.FileActionsInit(actions) != 0 || LibC.AttributesInit(attributes) != 0)
            {
                return false;
            }

            // An older libc refuses the session flag (EINVAL) or lacks addchdir_np (EntryPointNotFoundException).
            var usable = LibC.AttributesSetFlags(attributes, LibC.PosixSpawnSetSid | LibC.PosixSpawnSetSignalMask) == 0
                && LibC.FileActionsAddChdir(actions, root) == 0;
            _ = LibC.FileActionsDestroy(actions);
            _ = LibC.AttributesDestroy(attributes);
            return usable;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeCoTaskMem(root);
        }
    }

    // With SIGCHLD ignored the kernel reaps children itself and .NET leaves it so; their exit codes are then lost to waitpid.
    private static bool ChildSignalIgnored()
    {
        const int sigChld = 17;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                {
                    return ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
                        && (mask & (1UL << (sigChld - 1))) != 0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }

        return true;
    }
}
