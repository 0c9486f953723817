using Sluice.Containers;

namespace Sluice.Engine.Execution.Containers;

/// <summary>
/// The Docker-compatible engine container jobs and services run on, connected and pinged once per run, when the
/// first job needs it (or up front, by <see cref="CheckAsync"/>, so that a run fails before anything starts).
/// </summary>
public sealed class ContainerEngineSource(string? dockerHost = null) : IDisposable
{
    private readonly Lock _lock = new();
    private Task<ContainerEngine>? _engine;

    /// <summary>Whether the engine's job networks resolve service names, known once for the run.</summary>
    internal ServiceNameResolution ServiceNames { get; } = new();

    /// <summary>The engine, once it answered a ping; a <see cref="ContainerEngineException"/> says where nothing answers and what to do.</summary>
    public Task<ContainerEngine> GetAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_engine is null || _engine.IsFaulted || _engine.IsCanceled)
            {
                _engine = ConnectAsync(cancellationToken);
            }

            return _engine;
        }
    }

    /// <summary>Null when the engine answered its ping (the connection is kept for the run), else why none can be used.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ContainerEngineException ex)
        {
            return ex.Message;
        }
    }

    public void Dispose()
    {
        if (_engine is { IsCompletedSuccessfully: true } connected)
        {
            connected.Result.Dispose();
        }
    }

    private async Task<ContainerEngine> ConnectAsync(CancellationToken cancellationToken)
    {
        var engine = ContainerEngine.Connect(dockerHost);
        await engine.PingAsync(cancellationToken).ConfigureAwait(false);
        return engine;
    }
}
