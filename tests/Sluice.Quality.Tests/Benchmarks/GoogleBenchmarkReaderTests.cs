using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Benchmarks;
using Sluice.Quality.Tests.Coverage;

namespace Sluice.Quality.Tests.Benchmarks;

public sealed class GoogleBenchmarkReaderTests
{
    [Fact]
    public void Repetitions_use_the_mean_and_stddev_aggregates_in_nanoseconds()
    {
        var sink = ReportFixtures.Read(new GoogleBenchmarkReader(), "Benchmarks", "google-benchmark.json");

        Assert.Equal(["BM_Sort/1024", "BM_Hash"], sink.Benchmarks.Select(b => b.Name));
        var sort = sink.Benchmarks[0];
        Assert.Equal(35_500, sort.MeanNs, 6);
        Assert.Equal(300, sort.StdDevNs, 6);
        Assert.Equal(3, sort.Samples);
        Assert.Null(sort.AllocatedBytes);
        Assert.Equal(new BenchmarkResult("BM_Hash", 15.6, 0, 1), sink.Benchmarks[1]);
    }

    [Fact]
    public void Cpu_time_can_be_chosen_instead()
    {
        var sink = ReportFixtures.Read(new GoogleBenchmarkReader(GoogleBenchmarkClock.CpuTime), "Benchmarks", "google-benchmark.json");

        Assert.Equal(35_233.333, sink.Benchmarks[0].MeanNs, 3);
        Assert.Equal(15.5, sink.Benchmarks[1].MeanNs, 6);
    }

    [Fact]
    public void Without_aggregates_the_iteration_runs_are_averaged()
    {
        var sink = ReportFixtures.ReadText(new GoogleBenchmarkReader(), """
            {"context":{},"benchmarks":[
              {"name":"BM_Copy/8","run_name":"BM_Copy/8","run_type":"iteration","iterations":10,"real_time":1.0,"cpu_time":1.0,"time_unit":"ms"},
              {"name":"BM_Copy/8","run_name":"BM_Copy/8","run_type":"iteration","iterations":10,"real_time":2.0,"cpu_time":2.0,"time_unit":"ms"},
              {"name":"BM_Copy/8","run_name":"BM_Copy/8","run_type":"iteration","iterations":10,"real_time":3.0,"cpu_time":3.0,"time_unit":"ms"},
              {"name":"BM_Wait","iterations":1,"real_time":0.5,"cpu_time":0.1,"time_unit":"s"}
            ]}
            """);

        Assert.Equal([new BenchmarkResult("BM_Copy/8", 2e6, 1e6, 3), new BenchmarkResult("BM_Wait", 5e8, 0, 1)], sink.Benchmarks);
    }

    [Fact]
    public void Old_outputs_without_run_type_are_grouped_by_name_suffix()
    {
        var sink = ReportFixtures.ReadText(new GoogleBenchmarkReader(), """
            {"context":{},"benchmarks":[
              {"name":"BM_A","iterations":5,"real_time":10,"cpu_time":10,"time_unit":"ns"},
              {"name":"BM_A","iterations":5,"real_time":14,"cpu_time":14,"time_unit":"ns"},
              {"name":"BM_A_mean","iterations":2,"real_time":12,"cpu_time":12,"time_unit":"ns"},
              {"name":"BM_A_median","iterations":2,"real_time":12,"cpu_time":12,"time_unit":"ns"},
              {"name":"BM_A_stddev","iterations":2,"real_time":2.8284,"cpu_time":2.8284,"time_unit":"ns"}
            ]}
            """);

        Assert.Equal([new BenchmarkResult("BM_A", 12, 2.8284, 2)], sink.Benchmarks);
    }

    [Theory]
    [InlineData("""{"context":{},"benchmarks":[{"name":"a","real_time":1,"time_unit":"min"}]}""", "benchmarks[0].time_unit \"min\" is not ns, us, ms or s")]
    [InlineData("""{"context":{},"benchmarks":[{"name":"a","real_time":"slow","time_unit":"ns"}]}""", "benchmarks[0].real_time is not a number")]
    [InlineData("""{"context":{},"benchmarks":[{"name":"a","time_unit":"ns"}]}""", "benchmarks[0].real_time is missing")]
    [InlineData("""{"context":{},"benchmarks":[{"real_time":1}]}""", "benchmarks[0].name is missing")]
    [InlineData("""{"context":{}}""", "not a Google Benchmark JSON report")]
    public void Wrong_shapes_are_errors_naming_the_place(string json, string message) =>
        Assert.Contains(message, ReportFixtures.ReadFails(new GoogleBenchmarkReader(), json, "gb.json").Reason);

    [Fact]
    public void A_truncated_report_is_an_error_naming_the_line()
    {
        var bytes = File.ReadAllBytes(ReportFixtures.PathOf("Benchmarks", "google-benchmark.json"));

        var cut = bytes[..(bytes.Length - 40)];

        var error = ReportFixtures.ReadFails(new GoogleBenchmarkReader(), cut, "gb.json");

        Assert.Equal("gb.json", error.File);
        Assert.Equal(cut.Count(b => b == (byte)'\n') + 1, error.Line);
    }

    [Theory]
    [InlineData("{\n  \"context\": {\n    \"date\": \"2024-11-25\"", false)]
    [InlineData("{\n  \"context\": {},\n  \"benchmarks\": [", true)]
    [InlineData("{\"HostEnvironmentInfo\":{},\"Benchmarks\":[]}", false)]
    public void Detects_a_report_from_its_top_level_keys(string head, bool expected) =>
        Assert.Equal(expected, new GoogleBenchmarkReader().CanRead(head));
}
