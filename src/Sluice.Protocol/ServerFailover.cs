using System.Net;
using Polly;
using Polly.Retry;

namespace Sluice.Protocol;

/// <summary>
/// Which of several server URLs requests go to, and when to move on: a request that fails for a transport reason
/// (no connection, reset, timeout, 502/503/504 from a proxy) moves every later request to the next URL. The failed
/// request itself is sent again to the next URL at once when that cannot do a thing twice, and after a backoff once
/// every URL has failed in a row.
/// </summary>
/// <remarks>
/// A request that never reached a server (connection refused, no such host) or was turned away unread (503) is always
/// sent again. One that may have been carried out before the answer was lost (reset, timeout, 502, 504) is sent again
/// only when it is idempotent: GET, HEAD, PUT, DELETE, or marked <see cref="ApiClient.Idempotent"/> (the agent's
/// claims, heartbeats, numbered log batches and results, which the server fences by lease and sequence).
/// </remarks>
internal sealed class ServerFailover
{
    private static readonly ResiliencePropertyKey<bool> Resendable = new("sluice.resendable");
    private readonly IReadOnlyList<Uri> _urls;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private int _current;

    public ServerFailover(ServerUrls urls, FailoverPolicy policy, TimeProvider time)
    {
        _urls = urls.All;
        var count = _urls.Count;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = (count * policy.Rounds) - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldSendAgain(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(policy.DelayAfter(args.AttemptNumber, count)),
            })
            .Build();
    }

    /// <summary>Told each time requests move from one URL to the next, with the reason.</summary>
    public event Action<Uri, Uri, string>? MovedOn;

    public Uri Current => _urls[Volatile.Read(ref _current)];

    public bool Several => _urls.Count > 1;

    /// <summary>Sends through <paramref name="send"/> (given the base URL to use) until it succeeds, fails for a reason of its own, or the policy gives up.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, CancellationToken, Task<HttpResponseMessage>> send, bool resendable, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Resendable, resendable);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, state) =>
                {
                    var (self, send) = state;
                    var index = Volatile.Read(ref self._current);
                    try
                    {
                        var response = await send(self._urls[index], context.CancellationToken).ConfigureAwait(false);
                        if (IsGatewayFailure(response.StatusCode))
                        {
                            self.MoveOn(index, $"{(int)response.StatusCode} {response.ReasonPhrase}");
                        }

                        return response;
                    }
                    catch (Exception ex) when (IsTransportFailure(ex, context.CancellationToken))
                    {
                        self.MoveOn(index, ex is HttpRequestException ? ex.Message : "no answer in time");
                        throw;
                    }
                },
                context,
                (this, send)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The request failed on its way: the connection, the time, not the server's answer to it.</summary>
    public static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static bool IsGatewayFailure(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>True when the request certainly was not carried out: it never reached a server, or was turned away unread.</summary>
    private static bool NeverCarriedOut(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } } => true,
        { Result.StatusCode: HttpStatusCode.ServiceUnavailable } => true,
        _ => false,
    };

    private static bool ShouldSendAgain(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var failed = outcome.Exception is { } ex ? IsTransportFailure(ex, context.CancellationToken) : IsGatewayFailure(outcome.Result!.StatusCode);
        return failed && (NeverCarriedOut(outcome) || context.Properties.GetValue(Resendable, false));
    }

    /// <summary>Moves on from the URL at <paramref name="failed"/>, unless a request that failed at the same time did already.</summary>
    private void MoveOn(int failed, string reason)
    {
        var next = (failed + 1) % _urls.Count;
        if (next != failed && Interlocked.CompareExchange(ref _current, next, failed) == failed)
        {
            MovedOn?.Invoke(_urls[failed], _urls[next], reason);
        }
    }
}
