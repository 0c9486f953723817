using System.Runtime.InteropServices;

namespace Sluice.Engine.Steps;

/// <summary>
/// Learns when the processes <see cref="SessionSpawner"/> started exit. .NET reaps only the children it started through
/// <see cref="System.Diagnostics.Process"/> (unless it is pid 1, see <see cref="SessionSpawner"/>), so these are reaped here:
/// on every SIGCHLD each watched child is asked with waitpid(pid, WNOHANG). Nothing polls, no timer runs and no thread
/// blocks per child; whoever awaits an exit continues on the thread that handled the signal, outside the lock.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class ChildExits
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, TaskCompletionSource<int>> Watched = [];
    private static readonly List<(int Pid, TaskCompletionSource<int> Exit, int Status, int Error)> Reaped = [];
    private static PosixSignalRegistration? s_registration;

    /// <summary>The exit code of child <paramref name="pid"/>, once it has exited; call it right after starting the child.</summary>
    public static Task<int> Watch(int pid)
    {
        // Nothing awaits the task yet, so completing it here runs no continuation under the lock.
        var exit = new TaskCompletionSource<int>();
        lock (Gate)
        {
            s_registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapExited());

            // It may have exited already, its SIGCHLD handled before it was watched.
            if (TryReap(pid) is { } ended)
            {
                Complete(pid, exit, ended.Status, ended.Error);
            }
            else
            {
                Watched.Add(pid, exit);
            }
        }

        return exit.Task;
    }

    private static void ReapExited()
    {
        (int Pid, TaskCompletionSource<int> Exit, int Status, int Error)[] reaped;
        lock (Gate)
        {
            foreach (var (pid, exit) in Watched)
            {
                if (TryReap(pid) is { } ended)
                {
                    Reaped.Add((pid, exit, ended.Status, ended.Error));
                }
            }

            if (Reaped.Count == 0)
            {
                return;
            }

            foreach (var (pid, _, _, _) in Reaped)
            {
                Watched.Remove(pid);
            }

            reaped = [.. Reaped];
            Reaped.Clear();
        }

        foreach (var (pid, exit, status, error) in reaped)
        {
            Complete(pid, exit, status, error);
        }
    }

    /// <summary>The wait status (or the waitpid error) of <paramref name="pid"/> once it has exited; null while it runs.</summary>
    private static (int Status, int Error)? TryReap(int pid)
    {
        int result, status, error;
        do
        {
            result = LibC.WaitPid(pid, out status, LibC.WaitNoHang);
            error = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result < 0 && error == LibC.EINTR);

        return result == 0 ? null : (status, result == pid ? 0 : error);
    }

    private static void Complete(int pid, TaskCompletionSource<int> exit, int status, int error)
    {
        if (error == 0)
        {
            exit.TrySetResult(ExitCodeOf(status));
        }
        else
        {
            exit.TrySetException(new InvalidOperationException(
                $"process {pid} was reaped by someone else (waitpid: {Marshal.GetPInvokeErrorMessage(error)}), so its exit code is lost."));
        }
    }

    /// <summary>As .NET reports it: the status the process exited with, or 128 plus the signal that ended it.</summary>
    internal static int ExitCodeOf(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}
