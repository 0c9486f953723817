using Sluice.Cli.Commands;
using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Containers;
using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Local;
using Sluice.Engine.Planning;
using Sluice.Engine.Steps;
using Sluice.Workflows;

namespace Sluice.Cli.Running;

/// <summary>
/// Finds the workflows an event triggers, checks up front that they can run here, then runs them one after another
/// (each with its jobs in parallel) and turns the outcome into an exit code: 0 success, 1 failure, 130 cancelled.
/// </summary>
internal sealed class LocalRunner(CliConsole console)
{
    public async Task<int> RunAsync(LocalRunRequest request, CancellationToken cancellationToken)
    {
        LocalGit git;
        try
        {
            git = await LocalGit.ReadAsync(Environment.CurrentDirectory, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message);
        }

        var workflows = ReadWorkflows(git.Root, request.WorkflowFile);
        if (workflows.Any(w => !w.Result.IsValid))
        {
            foreach (var error in workflows.SelectMany(w => w.Result.Errors))
            {
                console.Error.WriteLine(error.ToString());
            }

            console.Error.WriteLine("sluice: error: fix the workflow errors above; nothing was run");
            return ExitCodes.Failed;
        }

        using var actions = ActionSources.Open(request.Actions, git.Root, request.Secrets);
        var factory = new LocalRunFactory(TimeProvider.System);
        var runsRoot = Path.Combine(Path.GetTempPath(), "sluice-runs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);
        var settings = new LocalRunSettings
        {
            EventName = request.EventName,
            EventPath = request.EventPath,
            Inputs = request.Inputs,
            Secrets = request.Secrets,
            Vars = request.Vars,
            SkipUnsupportedSteps = request.SkipUnsupported,
            ActionCacheDirectory = actions.ActionCacheFolder,
            Repositories = actions.Repositories,
            ActionSettings = actions.Settings,
            Masks = actions.Masks,
        };
        var selected = new List<(string File, RunContext Run)>();
        var scratches = new List<string>();
        foreach (var (file, result) in workflows)
        {
            RunContext run;
            EventInfo info;
            try
            {
                (run, info) = factory.Create(result.Workflow!, file, git, settings, Path.Combine(runsRoot, Path.GetFileNameWithoutExtension(file)));
                if (run.ScratchDirectory is { } scratch)
                {
                    scratches.Add(scratch);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or FileNotFoundException or Sluice.Expressions.ExpressionException)
            {
                foreach (var folder in scratches.Append(runsRoot))
                {
                    TryDelete(folder);
                }

                throw new UsageException($"{file}: {ex.Message}");
            }

            if (request.WorkflowFile is not null || EventFilter.Triggers(result.Workflow!, info))
            {
                selected.Add((file, run));
            }
        }

        try
        {
            if (selected.Count == 0)
            {
                console.Out.WriteLine($"no workflow in {Path.Combine(git.Root, ".github", "workflows")} runs on '{request.EventName}' for {git.Branch ?? git.Sha}");
                return ExitCodes.Success;
            }

            var planCheck = new PlanCheckOptions { RepositoryRoot = git.Root, ActionCacheDirectory = actions.ActionCacheFolder, Repositories = actions.Repositories, Settings = actions.Settings };
            var (supported, containerJobs, dockerSteps) = await CheckSupportedAsync(selected, request, planCheck, Masker(request, actions), cancellationToken);
            if (!supported)
            {
                return ExitCodes.Failed;
            }

            if (request.ListOnly)
            {
                PlanPrinter.Print(console.Out, selected.Select(s => (s.File, s.Run.Workflow)).ToList(), request.Job, request.IncludeNeeds);
                return ExitCodes.Success;
            }

            using var containers = new ContainerEngineSource();
            var engine = await CheckContainerEngineAsync(containers, containerJobs, dockerSteps, request.SkipUnsupported, cancellationToken);
            if (engine == EngineCheck.Missing)
            {
                return ExitCodes.Failed;
            }

            // Without an engine (and --skip-unsupported) the run has none, so that its Docker action steps are skipped.
            return await ExecuteAsync(selected, request, engine == EngineCheck.SkipDockerSteps ? null : containers, cancellationToken);
        }
        catch (PlanException ex)
        {
            throw new UsageException(ex.Message);
        }
        finally
        {
            foreach (var scratch in scratches)
            {
                TryDelete(scratch);
            }

            if (!request.Keep && Directory.Exists(runsRoot))
            {
                TryDelete(runsRoot);
            }
            else if (request.Keep)
            {
                console.Error.WriteLine($"run folder kept: {runsRoot}");
            }
        }
    }

    private enum EngineCheck
    {
        /// <summary>Nothing needs an engine, or one answers.</summary>
        Ready,

        /// <summary>None answers, and only Docker action steps needed it: --skip-unsupported skips them.</summary>
        SkipDockerSteps,

        /// <summary>None answers and the run cannot go ahead; the reasons are printed.</summary>
        Missing,
    }

    /// <summary>
    /// Jobs with a container or services, and steps with Docker container actions, need an engine that answers; without
    /// one the run fails before anything starts, unless only Docker action steps needed it and --skip-unsupported skips them.
    /// </summary>
    private async Task<EngineCheck> CheckContainerEngineAsync(ContainerEngineSource containers, IReadOnlyList<string> containerJobs, IReadOnlyList<string> dockerSteps, bool skipUnsupported, CancellationToken cancellationToken)
    {
        if (containerJobs.Count == 0 && dockerSteps.Count == 0)
        {
            return EngineCheck.Ready;
        }

        var problem = await containers.CheckAsync(cancellationToken);
        if (problem is null)
        {
            return EngineCheck.Ready;
        }

        if (containerJobs.Count == 0 && skipUnsupported)
        {
            foreach (var step in dockerSteps)
            {
                console.Error.WriteLine($"sluice: warning: {step}; it is skipped (--skip-unsupported): no container engine answers");
            }

            return EngineCheck.SkipDockerSteps;
        }

        foreach (var job in containerJobs)
        {
            console.Error.WriteLine($"sluice: error: {job} needs a Docker-compatible container engine for its container or services");
        }

        foreach (var step in skipUnsupported ? [] : dockerSteps)
        {
            console.Error.WriteLine($"sluice: error: {step} and needs a Docker-compatible container engine to run; or run with --skip-unsupported to skip such steps");
        }

        console.Error.WriteLine($"sluice: {problem}");
        console.Error.WriteLine("sluice: nothing was run");
        return EngineCheck.Missing;
    }

    private async Task<int> ExecuteAsync(List<(string File, RunContext Run)> selected, LocalRunRequest request, ContainerEngineSource? containers, CancellationToken cancellationToken)
    {
        IRunObserver observer = request.Json ? new JsonRunObserver(console.Out) : new ConsoleRunObserver(console.Out);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C cancels the run gracefully: always() and cancelled() steps still run.
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var scheduler = new RunScheduler(new JobExecutor(new ProcessRunner(), TimeProvider.System, containers), TimeProvider.System);
            var conclusion = Conclusion.Success;
            foreach (var (_, run) in selected)
            {
                var options = new RunOptions { OnlyJob = request.Job, IncludeNeeds = request.IncludeNeeds, Parallelism = request.Parallelism, MatrixFilter = request.Matrix };
                var result = await scheduler.RunAsync(run, options, observer, cancel.Token);
                conclusion = Worse(conclusion, result.Conclusion);
            }

            return conclusion switch
            {
                Conclusion.Success or Conclusion.Skipped => ExitCodes.Success,
                Conclusion.Cancelled => RunCommand.CancelledExitCode,
                _ => ExitCodes.Failed,
            };
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Masks what the plan check prints, as the run masks its output: the secrets and the actions token.</summary>
    private static SecretMasker Masker(LocalRunRequest request, ActionSources actions)
    {
        var masker = new SecretMasker();
        foreach (var value in request.Secrets.Values.Concat(actions.Masks))
        {
            masker.Add(value);
        }

        return masker;
    }

    private async Task<(bool Supported, List<string> ContainerJobs, List<string> DockerSteps)> CheckSupportedAsync(List<(string File, RunContext Run)> selected, LocalRunRequest request, PlanCheckOptions options, SecretMasker masker, CancellationToken cancellationToken)
    {
        var jobs = new List<string>();
        var steps = new List<string>();
        var containerJobs = new List<string>();
        var dockerSteps = new List<string>();
        foreach (var (file, run) in selected)
        {
            var problems = await SupportedActions.ProblemsAsync(run.Workflow, file, options, cancellationToken);
            jobs.AddRange(problems.Blocking);
            steps.AddRange(problems.Skippable);
            containerJobs.AddRange(problems.ContainerJobs);
            dockerSteps.AddRange(problems.DockerSteps);
        }

        foreach (var problem in jobs.Concat(request.SkipUnsupported ? [] : steps))
        {
            console.Error.WriteLine(masker.Mask($"sluice: error: {problem}"));
        }

        if (jobs.Count == 0 && (steps.Count == 0 || request.SkipUnsupported))
        {
            return (true, containerJobs, dockerSteps);
        }

        console.Error.WriteLine(steps.Count > 0 && !request.SkipUnsupported
            ? "sluice: nothing was run; pass --skip-unsupported to run the rest without those steps"
            : "sluice: nothing was run");
        return (false, containerJobs, dockerSteps);
    }

    private static List<(string File, WorkflowReadResult Result)> ReadWorkflows(string root, string? only)
    {
        var reader = new WorkflowReader(LocalWorkflowResolver.OptionsFor(root));
        if (only is not null)
        {
            var path = Path.GetFullPath(only);
            if (!File.Exists(path))
            {
                throw new UsageException($"the workflow '{only}' does not exist");
            }

            return [(Path.GetRelativePath(root, path), reader.ReadFile(path))];
        }

        var folder = Path.Combine(root, ".github", "workflows");
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{folder} does not exist: there are no workflows to run");
        }

        return [.. Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(root, f), reader.ReadFile(f)))];
    }

    private static Conclusion Worse(Conclusion a, Conclusion b) =>
        a == Conclusion.Failure || b == Conclusion.Failure ? Conclusion.Failure
        : a == Conclusion.Cancelled || b == Conclusion.Cancelled ? Conclusion.Cancelled
        : Conclusion.Success;

    /// <summary>
    /// Removes the run folder without making the user wait: a run leaves thousands of small files, and deleting
    /// them can take seconds on a slow disk, so a detached <c>rm -rf</c> does it after sluice has exited.
    /// </summary>
    private static void TryDelete(string folder)
    {
        try
        {
            var rm = new System.Diagnostics.ProcessStartInfo("rm") { UseShellExecute = false, RedirectStandardError = true };
            rm.ArgumentList.Add("-rf");
            rm.ArgumentList.Add("--");
            rm.ArgumentList.Add(folder);
            using var process = System.Diagnostics.Process.Start(rm);
            if (process is not null)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No rm on this system: delete in process below.
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A left-over temp folder is harmless.
        }
    }
}
