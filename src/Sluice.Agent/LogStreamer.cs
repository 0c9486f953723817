using System.Threading.Channels;
using Sluice.Engine.Execution;
using Sluice.Protocol;

namespace Sluice.Agent;

/// <summary>
/// A job's log on its way to the server: the engine reports lines (already masked), each is numbered in order, and a
/// pump sends them in batches. A batch that fails is sent again with the same numbers, and the server stores each
/// number once, so a dropped connection loses and doubles nothing.
/// </summary>
public sealed class LogStreamer : IRunObserver, IAsyncDisposable
{
    private const int MaxBatch = 500;

    private readonly Channel<LogEntry> _entries = Channel.CreateUnbounded<LogEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<LogEntry>, CancellationToken, Task> _send;
    private readonly TimeProvider _time;
    private readonly Task _pump;
    private readonly CancellationTokenSource _stop = new();
    private long _seq;

    public LogStreamer(Func<IReadOnlyList<LogEntry>, CancellationToken, Task> send, TimeProvider time)
    {
        _send = send;
        _time = time;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Set when the server refused the log because the attempt was given to another agent.</summary>
    public bool Superseded { get; private set; }

    public event Action? WasSuperseded;

    public void RunStarted(string workflow, string eventName)
    {
    }

    public void JobStarted(string jobKey, string displayName)
    {
    }

    public void StepStarted(string jobKey, string stepId, string displayName) => Add("step", stepId, displayName);

    public void Line(string jobKey, string? stepId, string text, bool isError, string? group) => Add(isError ? "error" : "line", stepId, text);

    /// <summary>Kept as a line of its own kind (the title), so that viewers fold the lines up to its <c>group-end</c>.</summary>
    public void GroupStarted(string jobKey, string stepId, string title) => Add("group", stepId, title);

    public void GroupEnded(string jobKey, string stepId) => Add("group-end", stepId, "");

    /// <summary>The text keeps "file:line: message" for readers of the plain log; the file and line also go as they are, for the dashboard.</summary>
    public void Annotation(string jobKey, string level, string message, string? file, int? line) =>
        Add("annotation", null, file is null ? message : $"{file}{(line is null ? "" : $":{line}")}: {message}", level, file, file is null ? null : line);

    public void StepFinished(string jobKey, StepResult step) => Add("step-end", step.Id, $"{step.DisplayName}: {step.Conclusion.Name()}");

    public void JobFinished(string jobKey, JobResult job)
    {
    }

    public void RunFinished(Conclusion conclusion, IReadOnlyList<JobResult> jobs, TimeSpan duration)
    {
    }

    /// <summary>A line of the agent's own (fetching the source, why a job could not start).</summary>
    public void Note(string text) => Add("line", null, text);

    /// <summary>Sends what is left and stops the pump.</summary>
    public async Task FlushAsync()
    {
        _entries.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _entries.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Add(string kind, string? step, string text, string? level = null, string? file = null, int? line = null) =>
        _entries.Writer.TryWrite(new LogEntry(Interlocked.Increment(ref _seq), kind, step, text.Length > 64 * 1024 ? text[..(64 * 1024)] + "…" : text, level, _time.GetUtcNow(), file, line));

    private async Task PumpAsync()
    {
        var reader = _entries.Reader;
        var batch = new List<LogEntry>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                await SendWithRetriesAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: what was not sent is given up.
        }
    }

    private async Task SendWithRetriesAsync(List<LogEntry> batch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!Superseded)
        {
            try
            {
                await _send(batch, _stop.Token).ConfigureAwait(false);
                return;
            }
            catch (ApiException ex) when (ex.Status == 409)
            {
                Superseded = true;
                WasSuperseded?.Invoke();
                return;
            }
            catch (ApiException ex) when (ex.Status is >= 400 and < 500 and not (408 or 429))
            {
                // Refused for what it is (too large, malformed): sending it again would be refused again, forever.
                return;
            }
            catch (ApiException)
            {
                await Task.Delay(delay, _time, _stop.Token).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
