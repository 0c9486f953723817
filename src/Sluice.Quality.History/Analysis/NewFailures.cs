namespace Sluice.Quality.History;

/// <summary>Finds the tests this change broke, as opposed to tests that were already failing.</summary>
public static class NewFailures
{
    /// <param name="current">The tests of the run being judged.</param>
    /// <param name="baseLatest">The tests of the base branch's latest recorded run; null when there is none.</param>
    public static IReadOnlyList<NewFailure> Find(IReadOnlyList<TestRecord> current, IReadOnlyList<TestRecord>? baseLatest)
    {
        if (baseLatest is null)
        {
            return [];
        }

        var passedBefore = baseLatest.Where(t => t.IsPass).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. current
                .Where(t => t.IsFailure && passedBefore.Contains(t.Id))
                .OrderBy(t => t.Id, StringComparer.Ordinal)
                .Select(t => new NewFailure(t.Id, t.Message)),
        ];
    }
}
