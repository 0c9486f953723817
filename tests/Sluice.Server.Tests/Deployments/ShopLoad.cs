using System.Collections.Concurrent;
using System.Net;

namespace Sluice.Server.Tests.Deployments;

/// <summary>
/// Requests to a shop's catalog on one loopback port, one after the other, from its start until it is disposed, each
/// answer noted with when it came (status 0: nothing answered). It runs while nothing listens there yet, so that it
/// sees every version of the shop the deployments put there.
/// </summary>
public sealed class ShopLoad : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentQueue<(DateTimeOffset At, int Status)> _answers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Task _loop;

    public ShopLoad(int port, TimeProvider time)
    {
        _time = time;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>The answers so far, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset At, int Status)> Answers => [.. _answers];

    /// <summary>
    /// When the shop began answering 200 <paramref name="inARow"/> times in a row after <paramref name="after"/> (the
    /// first of those answers), or null if it has not yet.
    /// </summary>
    public DateTimeOffset? AnsweringSince(DateTimeOffset after, int inARow)
    {
        DateTimeOffset? since = null;
        var count = 0;
        foreach (var (at, status) in _answers)
        {
            if (at <= after)
            {
                continue;
            }

            if (status != (int)HttpStatusCode.OK)
            {
                (since, count) = (null, 0);
                continue;
            }

            since ??= at;
            if (++count >= inARow)
            {
                return since;
            }
        }

        return null;
    }

    /// <summary>How many answers after <paramref name="after"/> were server errors (5xx).</summary>
    public int ServerErrorsAfter(DateTimeOffset after) => _answers.Count(a => a.At > after && a.Status >= 500);

    /// <summary>
    /// The answers between two times in phases, for a test's output: <c>no answer</c>, <c>200 only</c> (10 or more in a
    /// row) and <c>mixed</c> (200s and errors), each with when it began, how many answers and how many were 5xx.
    /// </summary>
    public string Timeline(DateTimeOffset from, DateTimeOffset to)
    {
        var runs = new List<(int Status, int Count, DateTimeOffset Since)>();
        foreach (var (at, status) in _answers.Where(a => a.At >= from && a.At <= to))
        {
            if (runs.Count > 0 && runs[^1].Status == status)
            {
                runs[^1] = runs[^1] with { Count = runs[^1].Count + 1 };
            }
            else
            {
                runs.Add((status, 1, at));
            }
        }

        var phases = new List<(string Phase, int Count, int Errors, DateTimeOffset Since)>();
        foreach (var (status, count, since) in runs)
        {
            var phase = status switch
            {
                0 => "no answer",
                200 when count >= 10 => "200 only",
                _ => "mixed",
            };
            var errors = status >= 500 ? count : 0;
            if (phases.Count > 0 && phases[^1].Phase == phase)
            {
                phases[^1] = phases[^1] with { Count = phases[^1].Count + count, Errors = phases[^1].Errors + errors };
            }
            else
            {
                phases.Add((phase, count, errors, since));
            }
        }

        return string.Join("; ", phases.Select(p => $"{p.Since:HH:mm:ss.fff} {p.Phase}: {p.Count} answers, {p.Errors} 5xx"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            int status;
            try
            {
                using var answer = await _http.GetAsync("products/tea-sencha", ct);
                status = (int)answer.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // No answer within the client's timeout.
                status = 0;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _answers.Enqueue((_time.GetUtcNow(), status));
            try
            {
                await Task.Delay(Pace, _time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
