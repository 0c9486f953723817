using Sluice.Delivery.Health;

namespace Sluice.Delivery.Tests.Health;

public class EnvironmentsDocumentationTests
{
    [Fact]
    public void The_example_in_the_health_gates_documentation_reads_without_errors()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "environments.md"));
        var section = docs[docs.IndexOf("## Health gates", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var read = EnvironmentsFileReader.Read("docs/environments.md", example);

        Assert.Empty(read.Errors);
        var production = read.File!.Find("Production")!;
        Assert.Equal(["error rate under 5%", "p95 under 300 ms", "probes.home.ok"], production.Conditions.Select(c => c.Name));
        Assert.Equal("rollback.yml", production.RollbackWorkflow);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sluice.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Sluice.slnx above {AppContext.BaseDirectory}.");
    }
}
