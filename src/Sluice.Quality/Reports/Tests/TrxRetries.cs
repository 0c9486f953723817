namespace Sluice.Quality.Reports;

/// <summary>
/// TRX names each test by testId; a testId given by several results of one file is one test run several times
/// (MSTest and the testing platform's retries), while results with different testIds are different tests however
/// alike their names (xUnit theory rows whose display names are cut to one prefix). A first pass counts the testIds,
/// so that the second sends each result at once unless its testId comes again; the attempts of a retried test are
/// held until its last one and folded by <see cref="TestRetries.Combine"/>.
/// </summary>
internal sealed class TrxRetries
{
    private HashSet<Guid>? _seen = [];
    private readonly Dictionary<Guid, int> _remaining = [];
    private readonly Dictionary<(Guid TestId, int Row), TestCaseResult> _pending = [];
    private readonly List<(Guid TestId, int Row)> _pendingOrder = [];
    private readonly bool _counted;

    private TrxRetries(bool counted) => _counted = counted;

    /// <summary>For a file read twice: <see cref="Count"/> every top-level result's testId first.</summary>
    public static TrxRetries Counted() => new(counted: true);

    /// <summary>For a stream read once: every result with a testId is held to the end, since a retry may come later.</summary>
    public static TrxRetries Uncounted() => new(counted: false);

    /// <summary>The first pass: one top-level result's testId.</summary>
    public void Count(string? testId)
    {
        if (_seen is not null && Guid.TryParse(testId, out var id) && !_seen.Add(id))
        {
            _remaining[id] = _remaining.GetValueOrDefault(id, 1) + 1;
        }
    }

    /// <summary>Ends the first pass; the set of all testIds is no longer needed.</summary>
    public void EndCounting() => _seen = null;

    /// <summary>
    /// The second pass: one top-level result with its rows (itself, or the rows of a data-driven test); a row of
    /// a retried test is matched with the same row of its other attempts by position.
    /// </summary>
    public void Accept(string? testId, IReadOnlyList<TestCaseResult> rows, IReportSink sink)
    {
        var retried = Guid.TryParse(testId, out var id) && (!_counted || _remaining.ContainsKey(id));
        if (!retried)
        {
            foreach (var row in rows)
            {
                sink.OnTestCase(row);
            }

            return;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (_pending.TryGetValue((id, i), out var earlier))
            {
                _pending[(id, i)] = TestRetries.Combine(earlier, rows[i]);
            }
            else
            {
                _pending[(id, i)] = rows[i];
                _pendingOrder.Add((id, i));
            }
        }

        if (_counted && --_remaining[id] == 0)
        {
            _remaining.Remove(id);
            Send(sink, key => key.TestId == id);
        }
    }

    /// <summary>Sends what is still held (everything, for a stream read once), in the order it first appeared.</summary>
    public void Flush(IReportSink sink) => Send(sink, _ => true);

    private void Send(IReportSink sink, Func<(Guid TestId, int Row), bool> which)
    {
        var sent = _pendingOrder.Where(which).ToList();
        foreach (var key in sent)
        {
            sink.OnTestCase(_pending[key]);
            _pending.Remove(key);
        }

        _pendingOrder.RemoveAll(key => !_pending.ContainsKey(key));
    }
}
