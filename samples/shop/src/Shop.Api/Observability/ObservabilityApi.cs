namespace Shop.Api.Observability;

/// <summary>
/// GET /metrics (Prometheus's text format) and GET /healthz, the request metrics around every other request, and the
/// fault rate that makes a share of them fail. Neither the metrics nor the health endpoints count or fail.
/// </summary>
public static class ObservabilityApi
{
    private static readonly string[] Unmeasured = ["/metrics", "/health", "/healthz"];

    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<RequestMetrics>();
        var faults = app.ApplicationServices.GetRequiredService<FaultRate>();
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            if (Unmeasured.Contains(context.Request.Path.Value, StringComparer.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            var started = time.GetTimestamp();
            var threw = false;
            try
            {
                if (faults.NextFails())
                {
                    await Results.Problem(
                        $"An injected fault: {FaultRate.Setting} is {faults.Rate} in this version.",
                        statusCode: StatusCodes.Status500InternalServerError,
                        title: "Injected fault").ExecuteAsync(context);
                }
                else
                {
                    await next(context);
                }
            }
            catch
            {
                threw = true;
                throw;
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                var code = threw ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                metrics.Record(context.Request.Method, route, code, time.GetElapsedTime(started));
            }
        });
    }

    public static IEndpointRouteBuilder MapObservabilityApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (RequestMetrics metrics) => Results.Text(metrics.Write(), RequestMetrics.ContentType));
        routes.MapHealthChecks("/healthz");
        return routes;
    }
}
