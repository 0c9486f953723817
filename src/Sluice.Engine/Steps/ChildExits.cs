using System.Runtime.InteropServices;

namespace Sluice.Engine.Steps;

/// <summary>
/// Learns when the processes <see cref="SessionSpawner"/> started exit. .NET reaps only the children it started through
/// <see cref="System.Diagnostics.Process"/> (unless it is pid 1, see <see cref="SessionSpawner"/>), so these are reaped here:
/// on every SIGCHLD each watched child is asked with waitpid(pid, WNOHANG). Nothing polls, no timer runs and no thread
/// blocks per child.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class ChildExits
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, TaskCompletionSource<int>> Watched = [];
    private static readonly List<int> Reaped = [];
    private static PosixSignalRegistration? s_registration;

    /// <summary>The exit code of child <paramref name="pid"/>, once it has exited; call it right after starting the child.</summary>
    public static Task<int> Watch(int pid)
    {
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            s_registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapExited());
            Watched.Add(pid, exit);

            // It may have exited already, its SIGCHLD handled before it was watched.
            if (TryReap(pid, exit))
            {
                Watched.Remove(pid);
            }
        }

        return exit.Task;
    }

    private static void ReapExited()
    {
        lock (Gate)
        {
            foreach (var (pid, exit) in Watched)
            {
                if (TryReap(pid, exit))
                {
                    Reaped.Add(pid);
                }
            }

            foreach (var pid in Reaped)
            {
                Watched.Remove(pid);
            }

            Reaped.Clear();
        }
    }

    private static bool TryReap(int pid, TaskCompletionSource<int> exit)
    {
        int result, status, error;
        do
        {
            result = LibC.WaitPid(pid, out status, LibC.WaitNoHang);
            error = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result < 0 && error == LibC.EINTR);

        if (result == 0)
        {
            return false;
        }

        if (result == pid)
        {
            exit.TrySetResult(ExitCodeOf(status));
        }
        else
        {
            exit.TrySetException(new InvalidOperationException(
                $"process {pid} was reaped by someone else (waitpid: {Marshal.GetPInvokeErrorMessage(error)}), so its exit code is lost."));
        }

        return true;
    }

    /// <summary>As .NET reports it: the status the process exited with, or 128 plus the signal that ended it.</summary>
    internal static int ExitCodeOf(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}
