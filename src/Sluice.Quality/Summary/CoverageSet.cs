using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Summary;

/// <summary>
/// Coverage merged per source file as readers send it: one file is one canonical path
/// (<see cref="CoveragePaths.Normalize"/>) however many reports or records list it, and a line is covered when any
/// of them covers it. Files are kept in the order they first appeared, in <see cref="SourceCoverage"/>'s compact form.
/// </summary>
public sealed class CoverageSet
{
    private readonly Dictionary<string, SourceCoverage> _byPath = new(StringComparer.Ordinal);
    private readonly List<SourceCoverage> _files = [];

    public IReadOnlyList<SourceCoverage> Files => _files;

    public void Add(CoverageFile file)
    {
        var path = CoveragePaths.Normalize(file.Path);
        if (_byPath.TryGetValue(path, out var known))
        {
            known.Merge(file);
            return;
        }

        var added = SourceCoverage.From(path, file);
        _byPath.Add(path, added);
        _files.Add(added);
    }
}
