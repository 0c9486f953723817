using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// Fake time that tells when something starts to wait on it (a timer is made): a test learns that the store has begun
/// the pause before a retry, and how long it is, without sleeping.
/// </summary>
public sealed class PauseWatch : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _pauses = Channel.CreateUnbounded<TimeSpan>();

    public PauseWatch()
        : base(new DateTimeOffset(2025, 6, 2, 9, 30, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The length of the next pause that begins (or began unseen).</summary>
    public Task<TimeSpan> NextPauseAsync() => _pauses.Reader.ReadAsync().AsTask().Timed();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _pauses.Writer.TryWrite(dueTime);
        return timer;
    }
}
