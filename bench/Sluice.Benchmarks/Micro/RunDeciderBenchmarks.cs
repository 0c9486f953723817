using System.Text;
using BenchmarkDotNet.Attributes;
using Sluice.Engine.Execution;
using Sluice.Engine.Planning;
using Sluice.Engine.Scheduling;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Benchmarks.Micro;

/// <summary>
/// The run's state machine alone, on the orchestration benchmark's graph (bench/orchestration: 10 layers of 20 jobs,
/// 2 or 3 needs each) and on one 256-leg matrix: every decision from the first to the run's conclusion, legs finishing
/// in the order they started, two at a time (--parallel 2). What it costs per job is what the decider adds to
/// <c>sluice run</c>'s overhead per job.
/// </summary>
[MemoryDiagnoser]
public class RunDeciderBenchmarks
{
    private Workflow _graph = null!;
    private Workflow _matrix = null!;

    [GlobalSetup]
    public void Setup()
    {
        _graph = Read(Graph(layers: 10, width: 20));
        _matrix = Read("on: push\njobs:\n  test:\n    runs-on: x\n    strategy: { matrix: { a: [" + string.Join(", ", Enumerable.Range(1, 16)) + "], b: [" + string.Join(", ", Enumerable.Range(1, 16)) + "] } }\n    steps: [{ run: 'true' }]\n");
    }

    [Benchmark]
    public Conclusion? Graph200Jobs() => Drive(_graph);

    [Benchmark]
    public Conclusion? Matrix256Legs() => Drive(_matrix);

    private static Conclusion? Drive(Workflow workflow)
    {
        var run = new RunSnapshot(new RunScope { Workflow = workflow, Plan = RunPlanner.Plan(workflow), Github = new ObjectValue() }, new RunLimits(2, []));
        var running = new Queue<LegId>();
        var done = new Dictionary<string, string>();
        while (run.Conclusion is null)
        {
            while (RunDecider.Next(run) is { } decision)
            {
                run.Apply(decision);
                if (decision is StartLeg start)
                {
                    running.Enqueue(start.Leg);
                }
            }

            if (running.Count > 0)
            {
                run.RecordLegFinished(running.Dequeue(), Conclusion.Success, done);
            }
        }

        return run.Conclusion;
    }

    private static Workflow Read(string yaml) =>
        new WorkflowReader().Read(".github/workflows/bench.yml", yaml).Workflow ?? throw new InvalidOperationException("the benchmark's workflow is invalid");

    /// <summary>The same graph as bench/orchestration/generate.py: job j of layer l needs j, j+1 and, for even j, j+7 of layer l-1.</summary>
    private static string Graph(int layers, int width)
    {
        var yaml = new StringBuilder("on: push\njobs:\n");
        for (var layer = 0; layer < layers; layer++)
        {
            for (var j = 0; j < width; j++)
            {
                yaml.Append($"  j{layer}_{j}:\n    runs-on: x\n");
                if (layer > 0)
                {
                    var needs = new SortedSet<int> { j, (j + 1) % width };
                    if (j % 2 == 0)
                    {
                        needs.Add((j + 7) % width);
                    }

                    yaml.Append($"    needs: [{string.Join(", ", needs.Select(n => $"j{layer - 1}_{n}"))}]\n");
                }

                yaml.Append("    steps: [{ run: 'true' }]\n");
            }
        }

        return yaml.ToString();
    }
}
