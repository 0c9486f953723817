using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>The named values of one job as it runs: the run's contexts plus <c>env</c>, <c>steps</c>, <c>job</c>, <c>runner</c>.</summary>
internal sealed class JobContexts(JobRequest request, string tempDirectory)
{
    public ObjectValue Github { get; } = JobGithub(request);

    public ObjectValue Steps { get; } = new();

    public ObjectValue Runner { get; } = RunnerContext(tempDirectory);

    public ObjectValue Job { get; } = JobContext();

    /// <summary>The contexts for evaluating something in the job, with the environment as it stands.</summary>
    public EvaluationContext For(IReadOnlyDictionary<string, string> env, JobStatus status, bool includeSecrets = true)
    {
        var envValue = new ObjectValue();
        foreach (var (key, value) in env)
        {
            envValue.Set(key, ExpressionValue.FromString(value));
        }

        var named = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["github"] = Github,
            ["env"] = envValue,
            ["vars"] = request.Run.Vars,
            ["secrets"] = includeSecrets ? request.Run.Secrets : new ObjectValue(),
            ["inputs"] = request.Run.Inputs,
            ["matrix"] = request.Matrix,
            ["strategy"] = request.Strategy,
            ["needs"] = request.Needs,
            ["steps"] = Steps,
            ["job"] = Job,
            ["runner"] = Runner,
        };
        return new EvaluationContext
        {
            NamedValues = named,
            Status = status,
            HashFiles = patterns => HashFiles.Compute(request.Workspace, patterns),
        };
    }

    private static ObjectValue JobGithub(JobRequest request)
    {
        var github = new ObjectValue();
        foreach (var (key, value) in request.Run.Github.Properties)
        {
            github.Set(key, value);
        }

        github.Set("job", ExpressionValue.FromString(request.Job.Id));
        github.Set("workspace", ExpressionValue.FromString(request.Workspace));
        github.Set("action", ExpressionValue.FromString(""));
        return github;
    }

    private static ObjectValue RunnerContext(string temp)
    {
        var runner = new ObjectValue();
        runner.Set("os", ExpressionValue.FromString(OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : "Linux"));
        runner.Set("arch", ExpressionValue.FromString(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => "ARM64",
            System.Runtime.InteropServices.Architecture.Arm => "ARM",
            System.Runtime.InteropServices.Architecture.X86 => "X86",
            _ => "X64",
        }));
        runner.Set("name", ExpressionValue.FromString(Environment.MachineName));
        runner.Set("environment", ExpressionValue.FromString("self-hosted"));
        runner.Set("temp", ExpressionValue.FromString(temp));
        runner.Set("tool_cache", ExpressionValue.FromString(Path.Combine(temp, "tool-cache")));
        runner.Set("debug", ExpressionValue.FromString(""));
        return runner;
    }

    private static ObjectValue JobContext()
    {
        var job = new ObjectValue();
        job.Set("status", ExpressionValue.FromString("success"));
        job.Set("services", new ObjectValue());
        return job;
    }
}
