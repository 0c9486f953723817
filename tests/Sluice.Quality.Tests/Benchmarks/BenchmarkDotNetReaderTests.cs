using System.Text;
using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Benchmarks;
using Sluice.Quality.Tests.Coverage;

namespace Sluice.Quality.Tests.Benchmarks;

public sealed class BenchmarkDotNetReaderTests
{
    private readonly BenchmarkDotNetReader reader = new();

    [Fact]
    public void Full_export_gives_mean_deviation_samples_and_allocations_and_skips_failed_runs()
    {
        var sink = ReportFixtures.Read(reader, "Benchmarks", "bdn-full.json");

        Assert.Equal(
            [
                new BenchmarkResult("Shop.Benchmarks.PriceBenchmarks.Round(Digits: 2)", 12.39, 0.0948, 5, 0),
                new BenchmarkResult("Shop.Benchmarks.PriceBenchmarks.Format(Digits: 2)", 103.06666666666668, 1.1015141094572205, 3, 56),
            ],
            sink.Benchmarks);
    }

    [Fact]
    public void Brief_export_without_full_name_or_memory_is_named_from_type_method_and_parameters()
    {
        var sink = ReportFixtures.ReadText(reader, """
            {"Title":"t","HostEnvironmentInfo":{},"Benchmarks":[
              {"Type":"Hashing","Method":"Sha256","Parameters":"Size=1024","Statistics":{"N":15,"Mean":1520.5,"StandardDeviation":"NaN"}},
              {"Type":"Hashing","Method":"Crc32","Parameters":"","Statistics":{"N":15,"Mean":88,"StandardDeviation":1.5}}
            ]}
            """);

        Assert.Equal(
            [new BenchmarkResult("Hashing.Sha256(Size=1024)", 1520.5, 0, 15), new BenchmarkResult("Hashing.Crc32", 88, 1.5, 15)],
            sink.Benchmarks);
    }

    [Theory]
    [InlineData("""{"HostEnvironmentInfo":{},"Benchmarks":[{"FullName":"a","Statistics":{"Mean":"fast"}}]}""", "Benchmarks[0].Statistics.Mean is not a number")]
    [InlineData("""{"HostEnvironmentInfo":{},"Benchmarks":[{"FullName":"a","Statistics":{"N":1}}]}""", "Benchmarks[0].Statistics.Mean is missing")]
    [InlineData("""{"HostEnvironmentInfo":{},"Benchmarks":[{"Statistics":{"Mean":1}}]}""", "Benchmarks[0] has neither FullName nor Method")]
    [InlineData("""{"context":{},"benchmarks":[]}""", "not a BenchmarkDotNet JSON export")]
    [InlineData("""[1,2,3]""", "not a BenchmarkDotNet JSON export")]
    public void Wrong_shapes_are_errors_naming_the_place(string json, string message) =>
        Assert.Contains(message, ReportFixtures.ReadFails(reader, json, "bdn.json").Reason);

    [Fact]
    public void A_truncated_export_is_an_error_naming_the_line()
    {
        var bytes = File.ReadAllBytes(ReportFixtures.PathOf("Benchmarks", "bdn-full.json"));

        var error = ReportFixtures.ReadFails(reader, bytes[..(bytes.Length / 2)], "bdn.json");

        Assert.Equal("bdn.json", error.File);
        Assert.True(error.Line > 30, $"line {error.Line}");
    }

    [Fact]
    public void Empty_and_binary_files_are_errors()
    {
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);

        Assert.Contains("empty", ReportFixtures.ReadFails(reader, [], "e.json").Reason);
        Assert.Equal(1, ReportFixtures.ReadFails(reader, garbage, "g.json").Line);
        Assert.Equal(1, ReportFixtures.ReadFails(reader, Encoding.UTF8.GetBytes("<coverage line-rate=\"1\"/>"), "x.json").Line);
    }

    [Theory]
    [InlineData("""{"Title":"x","HostEnvironmentInfo":{"BenchmarkDotNetVersion":"0.14.0"},"Benchmarks":[""", true)]
    [InlineData("""{"context":{},"benchmarks":[]}""", false)]
    public void Detects_an_export_from_its_top_level_keys(string head, bool expected) =>
        Assert.Equal(expected, reader.CanRead(head));
}
