using System.Runtime.InteropServices;

namespace Sluice.Cli.Server;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation, for the commands that must stop in their own way rather than die at
/// once: the CLI runs its commands synchronously, which leaves these signals to their default (the process ends on
/// the spot, and a job's steps, each in a session of its own, would outlive it).
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignals(CancellationTokenSource cancel)
        : this(_ => cancel.Cancel())
    {
    }

    /// <summary>Calls <paramref name="onSignal"/> with the number of the signal (1 for the first, 2 for the second …).</summary>
    public TerminationSignals(Action<int> onSignal)
    {
        var received = 0;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            onSignal(Interlocked.Increment(ref received));
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
