using System.Text;
using Sluice.Quality.Reports;

namespace Sluice.Quality.Tests.Coverage;

public sealed class DetectionTests
{
    [Theory]
    [InlineData("Coverage", "coverlet.cobertura.xml", ReportFormat.Cobertura)]
    [InlineData("Coverage", "jacoco.xml", ReportFormat.JaCoCo)]
    [InlineData("Coverage", "coverlet.opencover.xml", ReportFormat.OpenCover)]
    [InlineData("Coverage", "lcov2.info", ReportFormat.Lcov)]
    [InlineData("Benchmarks", "bdn-full.json", ReportFormat.BenchmarkDotNet)]
    [InlineData("Benchmarks", "google-benchmark.json", ReportFormat.GoogleBenchmark)]
    public void The_registry_detects_each_fixture_and_reads_it(string area, string fixture, ReportFormat format)
    {
        var path = ReportFixtures.PathOf(area, fixture);
        var bytes = File.ReadAllBytes(path);
        var head = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, ReportReaders.HeadBytes));
        var sink = new RecordingSink();

        Assert.Equal(format, ReportReaders.Detect(head)?.Format);
        Assert.Equal(format, ReportReaders.ReadFile(path, sink, CancellationToken.None).Format);
        Assert.NotEmpty(sink.Files.Count > 0 ? sink.Files.Cast<object>() : sink.Benchmarks);
    }
}
