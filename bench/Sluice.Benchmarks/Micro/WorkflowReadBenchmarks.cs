using BenchmarkDotNet.Attributes;
using Sluice.Workflows;

namespace Sluice.Benchmarks.Micro;

/// <summary>One conformance-sized workflow (job-basic.yml) and the 2 MB, 500-job large workflow, read and validated from memory.</summary>
[MemoryDiagnoser]
public class WorkflowReadBenchmarks
{
    private string _small = string.Empty;
    private string _large = string.Empty;
    private WorkflowReader _reader = new();

    [GlobalSetup]
    public void Setup()
    {
        _small = File.ReadAllText(Path.Combine(BenchInputs.ConformanceWorkflows, "job-basic.yml"));
        _large = File.ReadAllText(BenchInputs.LargeWorkflow);
        _reader = new WorkflowReader(new WorkflowReaderOptions
        {
            MaxFileSize = Math.Max(WorkflowReaderOptions.Default.MaxFileSize, _large.Length),
        });
    }

    [Benchmark]
    public WorkflowReadResult ConformanceWorkflow() => _reader.Read(".github/workflows/job-basic.yml", _small);

    [Benchmark]
    public WorkflowReadResult LargeWorkflow() => _reader.Read(".github/workflows/large-workflow.yml", _large);
}
