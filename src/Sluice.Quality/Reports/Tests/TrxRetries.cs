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

    // A retried test's rows so far, by testId (a data-driven test has several), and the testIds in the order they
    // first came, for what is left at the end.
    private readonly Dictionary<Guid, List<TestCaseResult>> _pending = [];
    private readonly List<Guid> _firstSeen = [];
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
            Send(rows, sink);
            return;
        }

        if (!_pending.TryGetValue(id, out var attempts))
        {
            _pending[id] = attempts = [.. rows];
            _firstSeen.Add(id);
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (i < attempts.Count)
                {
                    attempts[i] = TestRetries.Combine(attempts[i], rows[i]);
                }
                else
                {
                    attempts.Add(rows[i]);
                }
            }
        }

        if (_counted && --_remaining[id] == 0)
        {
            _remaining.Remove(id);
            _pending.Remove(id);
            Send(attempts, sink);
        }
    }

    /// <summary>Sends what is still held (everything, for a stream read once), in the order it first appeared.</summary>
    public void Flush(IReportSink sink)
    {
        foreach (var id in _firstSeen)
        {
            if (_pending.Remove(id, out var rows))
            {
                Send(rows, sink);
            }
        }

        _firstSeen.Clear();
    }

    private static void Send(IReadOnlyList<TestCaseResult> rows, IReportSink sink)
    {
        foreach (var row in rows)
        {
            sink.OnTestCase(row);
        }
    }
}
