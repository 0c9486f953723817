namespace Sluice.Quality.Reports;

public enum ReportFormat
{
    JUnit,
    Trx,
    NUnit2,
    NUnit3,
    XUnit2,
    Cobertura,
    Lcov,
    JaCoCo,
    OpenCover,
    BenchmarkDotNet,
    GoogleBenchmark,
}
