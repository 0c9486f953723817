using CsCheck;
using Sluice.Security.Paths;

namespace Sluice.Security.Tests.Paths;

public sealed class SafePathPropertyTests
{
    private static readonly string[] Fragments = ["a", "b", ".", "..", "/", "\\", ":", "C:", "~", " ", "\0", "\n", "%2e", "é"];

    [Fact]
    public void Every_accepted_path_stays_strictly_inside_the_root_after_normalisation()
    {
        var root = Path.Combine(Path.GetTempPath(), "sluice-safe-path-root");
        Gen.Int[0, Fragments.Length - 1].Select(i => Fragments[i]).Array[1, 12].Select(string.Concat).Sample(path =>
        {
            if (SafePath.RelativePathProblem(path) is null)
            {
                var full = Path.GetFullPath(Path.Combine(root, path));
                Assert.StartsWith(root + Path.DirectorySeparatorChar, full, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Arbitrary_text_never_crashes_the_checks()
    {
        Gen.String.Sample(text =>
        {
            _ = SafePath.RelativePathProblem(text);
            _ = ArtifactNames.NameProblem(text);
            _ = ArtifactNames.FilePathProblem(text);
        });
    }
}
