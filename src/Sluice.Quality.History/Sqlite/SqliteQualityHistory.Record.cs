using System.Runtime.CompilerServices;

namespace Sluice.Quality.History;

public sealed partial class SqliteQualityHistory
{
    public async Task<RunSummary> RecordRunAsync(GateRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var recording = await BeginRunAsync(run.Header, cancellationToken).ConfigureAwait(false);
        foreach (var test in run.Tests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            recording.Add(test);
        }

        return await recording.CommitAsync(run.Coverage, run.Benchmarks, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IRunRecording> BeginRunAsync(RunHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Validate();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SqliteRunRecording.BeginAsync(connection, header, timeProvider, BeforeCommit, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async IAsyncEnumerable<TestResultRow> ReadFlakyCandidatesAsync(
        RunSummary current,
        IReadOnlyList<RunSummary> window,
        IReadOnlyList<RunSummary> sameTree,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in FlakyCandidates.ReadAsync(connection, null, current, window, sameTree, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }
}
