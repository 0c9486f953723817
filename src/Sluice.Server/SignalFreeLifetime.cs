using Microsoft.Extensions.Hosting;

namespace Sluice.Server;

/// <summary>
/// A host lifetime that leaves Ctrl-C and SIGTERM alone. The commands that start the server decide what a signal
/// stops and in which order (<c>sluice up</c> stops its agents first, so that the jobs they hand back are queued
/// again by a server still running); the default console lifetime would stop the server on the same signal.
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
