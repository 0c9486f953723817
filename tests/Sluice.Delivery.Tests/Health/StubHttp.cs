using System.Net;
using System.Text;

namespace Sluice.Delivery.Tests.Health;

/// <summary>An HTTP handler that answers from a function of the request: a stand-in for Prometheus and probed services.</summary>
internal sealed class StubHttp(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static string Vector(params string[] values) =>
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + string.Join(",", values.Select((v, i) => $"{{\"metric\":{{\"instance\":\"{i}\"}},\"value\":[1700000000.5,\"{v}\"]}}"))
        + "]}}";

    public static string Scalar(string value) =>
        $"{{\"status\":\"success\",\"data\":{{\"resultType\":\"scalar\",\"result\":[1700000000.5,\"{value}\"]}}}}";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request.RequestUri!);
        }

        return answer(request, cancellationToken);
    }
}
