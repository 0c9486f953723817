using System.Net;

namespace Sluice.Containers;

/// <summary>
/// A container engine call that failed: the engine refused it (<see cref="StatusCode"/> and the engine's own
/// <see cref="EngineMessage"/>), or no engine answered in time. <see cref="Exception.Message"/> is written for a user:
/// it says what failed and, where Sluice can tell, what to do.
/// </summary>
public sealed class ContainerEngineException : Exception
{
    /// <summary>A failure that is not an HTTP answer from the engine (no engine, a timeout, a bad address).</summary>
    public ContainerEngineException(string message, string endpoint, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The engine answered with an error status and, usually, a JSON <c>message</c>.</summary>
    public ContainerEngineException(string message, string endpoint, HttpStatusCode statusCode, string? engineMessage)
        : base(message)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        EngineMessage = engineMessage;
    }

    /// <summary>The engine address the call went to, e.g. unix:///var/run/docker.sock.</summary>
    public string Endpoint { get; }

    /// <summary>The HTTP status the engine answered with, or null when it did not answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The engine's own error text (its JSON <c>message</c>, or a pull stream's <c>error</c>), if any.</summary>
    public string? EngineMessage { get; }

    /// <summary>True when the engine said the object (image, container, network, exec) does not exist.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
