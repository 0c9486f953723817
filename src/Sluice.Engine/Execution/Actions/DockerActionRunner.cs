using Sluice.Containers;
using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// Runs one stage of a Docker container action as GitHub's runner does with <c>docker run</c>: the image pulled
/// (<c>docker://</c>) or built from the action's Dockerfile (once per content, see <see cref="DockerActions.BuiltImageTag"/>),
/// the workspace at <c>/github/workspace</c> (the working directory), <c>/github/home</c>, <c>/github/workflow</c> and
/// <c>/github/file_commands</c> mounted, the step's env with <c>INPUT_*</c> and GitHub's variables in container paths,
/// output streamed line by line through the workflow-command handling, the exit code as the outcome, and the
/// container removed afterwards.
/// </summary>
internal static class DockerActionRunner
{
    private const string Workspace = "/github/workspace";
    private const string Home = "/github/home";
    private const string EventFile = "/github/workflow/event.json";
    private const string FileCommands = "/github/file_commands";
    private const string RunnerTemp = "/home/runner/work/_temp";

    /// <summary>How long a stopped container gets between SIGTERM and SIGKILL, as for processes on this machine.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <returns>The outcome and the step's file-command files, which the caller reads into the job.</returns>
    public static async Task<(Conclusion Outcome, StepFiles? Files)> RunAsync(DockerStage docker, CancellationToken cancellationToken)
    {
        var stage = docker.Stage;
        var observer = stage.Output.Observer;
        var jobKey = stage.Request.JobKey;
        void Log(string line) => observer.Line(jobKey, stage.LogStepId, stage.Output.Masker.Mask(line), false, null);

        StepFiles? files = null;
        StepOutput? output = null;
        ProcessEnd end;
        int exitCode;
        try
        {
            var image = await PrepareImageAsync(docker, Log, cancellationToken).ConfigureAwait(false);
            // A folder of the stage's own, mounted at /github/file_commands: the container sees its five files and nothing else of the job's.
            var stageName = $"{stage.Stage.ToString().ToLowerInvariant()}-{DockerActions.ContainerNamePart(stage.ActionId)}";
            files = StepFiles.Create(Path.Combine(stage.Scratch, "_docker", $"{stageName}-{Guid.NewGuid().ToString("N")[..8]}"), stageName);
            output = new StepOutput(new ActionStateTarget(stage.Output, stage.ActionState), stage.LogStepId, new WorkflowCommandParser(), stage.Outputs, UnsecureCommands.AllowedBy(stage.Env));
            (end, exitCode) = await RunContainerAsync(docker, Spec(docker, image, files), output, Log, cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerEngineException ex)
        {
            var line = stage.Action.Manifest.RunsLine == 0 ? (int?)null : stage.Action.Manifest.RunsLine;
            observer.Annotation(jobKey, "error", stage.Output.Masker.Mask($"'uses: {stage.Action.Reference.Uses}': {ex.Message}"), stage.Action.Manifest.File, line);
            return (Conclusion.Failure, files);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while the image was pulled or built: no container ran.
            return (Conclusion.Cancelled, files);
        }

        switch (end)
        {
            case ProcessEnd.Cancelled:
                return (Conclusion.Cancelled, files);
            case ProcessEnd.TimedOut:
                observer.Annotation(jobKey, "error", $"The step ran longer than its timeout of {stage.Timeout?.TotalMinutes} minutes and was stopped.", null, null);
                return (Conclusion.Failure, files);
            default:
                if (exitCode != 0)
                {
                    var what = stage.Stage == NodeStage.Main ? "" : $" ({stage.Stage.ToString().ToLowerInvariant()}-entrypoint)";
                    observer.Annotation(jobKey, "error", $"'{stage.Action.Reference.Uses}'{what}: the container exited with code {exitCode}.", null, null);
                }

                return (exitCode == 0 && output?.CommandFailed != true ? Conclusion.Success : Conclusion.Failure, files);
        }
    }

    /// <summary>The image to run: a <c>docker://</c> image, pulled when the engine does not have it, or the one built from the action's Dockerfile.</summary>
    private static async Task<string> PrepareImageAsync(DockerStage docker, Action<string> log, CancellationToken cancellationToken)
    {
        var action = docker.Stage.Action;
        var runs = action.Manifest.Docker!;
        if (!runs.IsDockerfile)
        {
            var image = runs.Image[Composite.DockerRuns.ImagePrefix.Length..];
            if (!await docker.Engine.ImageExistsAsync(image, cancellationToken).ConfigureAwait(false))
            {
                log($"Pulling {image}");
                await docker.Engine.PullAsync(image, log, cancellationToken).ConfigureAwait(false);
            }

            return image;
        }

        var dockerfile = runs.Image.Replace('\\', '/');
        if (!File.Exists(Path.Combine(action.Folder, dockerfile)))
        {
            throw new ContainerEngineException($"the Dockerfile '{dockerfile}' that {action.Manifest.File} names does not exist in {action.Folder}", docker.Engine.Endpoint.ToString());
        }

        var name = action.Reference.Source == ActionSource.Repository ? $"{action.Reference.RepositoryName}-{action.Reference.Path}" : Path.GetFileName(action.Folder);
        var tag = DockerActions.BuiltImageTag(action.Folder, dockerfile, name);
        if (await docker.Engine.ImageExistsAsync(tag, cancellationToken).ConfigureAwait(false))
        {
            log($"Using the image built before from the same files: {tag}");
            return tag;
        }

        log($"Building {tag} from {dockerfile}");
        await docker.Engine.BuildImageAsync(action.Folder, dockerfile, tag, log, cancellationToken).ConfigureAwait(false);
        return tag;
    }

    private static ContainerSpec Spec(DockerStage docker, string image, StepFiles files)
    {
        var stage = docker.Stage;
        var request = stage.Request;
        var runId = request.Run.Github.TryGetValue("run_id", out var value) ? value.ToDisplayString() : "";
        var spec = new ContainerSpec
        {
            Image = image,
            Name = $"sluice_{DockerActions.ContainerNamePart(runId)}_{DockerActions.ContainerNamePart(request.JobKey)}_{DockerActions.ContainerNamePart(stage.ActionId)}_{Guid.NewGuid().ToString("N")[..8]}",
            WorkingDir = Workspace,
            NetworkName = docker.Network,
            Entrypoint = docker.Entrypoint is { } entrypoint ? [entrypoint] : null,
            Cmd = docker.Args is { Count: > 0 } args ? [.. args] : null,
        };
        spec.Labels["sluice.run"] = runId;
        spec.Labels["sluice.job"] = request.JobKey;

        var home = Directory.CreateDirectory(Path.Combine(request.Run.RunDirectory, "home", request.JobKey)).FullName;
        spec.Binds.Add($"{Path.GetFullPath(request.Workspace)}:{Workspace}");
        spec.Binds.Add($"{home}:{Home}");
        spec.Binds.Add($"{Path.GetFullPath(request.Run.EventPath)}:{EventFile}:ro");
        spec.Binds.Add($"{Path.GetDirectoryName(Path.GetFullPath(files.Output))}:{FileCommands}");
        spec.Binds.Add($"{Path.GetFullPath(docker.Temp)}:{RunnerTemp}");

        foreach (var (key, val) in Environment(docker, files))
        {
            spec.Env[key] = val;
        }

        return spec;
    }

    /// <summary>
    /// GitHub's variables with the container's paths, the step's env, <c>INPUT_*</c>, <c>STATE_*</c> and the action's
    /// <c>runs.env</c>; nothing of this machine's own environment (its PATH would break the image's).
    /// </summary>
    private static Dictionary<string, string> Environment(DockerStage docker, StepFiles files)
    {
        var stage = docker.Stage;
        var env = StepEnvironment.Build(stage.Request, stage.Job, stage.Env, files);
        foreach (var key in stage.Job.Host.BaseEnvironment.Keys.Append("PATH").Append(OrphanReaper.TrackingVariable))
        {
            if (!stage.Env.ContainsKey(key))
            {
                env.Remove(key);
            }
        }

        env["HOME"] = Home;
        env["GITHUB_WORKSPACE"] = Workspace;
        env["GITHUB_EVENT_PATH"] = EventFile;
        env["RUNNER_TEMP"] = RunnerTemp;
        env["GITHUB_OUTPUT"] = $"{FileCommands}/{Path.GetFileName(files.Output)}";
        env["GITHUB_ENV"] = $"{FileCommands}/{Path.GetFileName(files.Env)}";
        env["GITHUB_PATH"] = $"{FileCommands}/{Path.GetFileName(files.Path)}";
        env["GITHUB_STEP_SUMMARY"] = $"{FileCommands}/{Path.GetFileName(files.Summary)}";
        env["GITHUB_STATE"] = $"{FileCommands}/{Path.GetFileName(files.State)}";
        foreach (var (name, value) in stage.ActionState)
        {
            env[$"STATE_{name}"] = value;
        }

        foreach (var (name, value) in stage.Inputs)
        {
            env[JavaScriptActionRunner.InputVariable(name)] = value;
        }

        env["GITHUB_ACTION"] = stage.ActionId;
        env["GITHUB_ACTION_REPOSITORY"] = stage.Action.Repository;
        env["GITHUB_ACTION_REF"] = stage.Action.Ref;
        foreach (var (name, value) in docker.ActionEnv)
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>Creates, starts and follows the container to its end; a timeout or cancellation stops it. It is removed whatever happens.</summary>
    private static async Task<(ProcessEnd End, int ExitCode)> RunContainerAsync(DockerStage docker, ContainerSpec spec, StepOutput output, Action<string> log, CancellationToken cancellationToken)
    {
        var engine = docker.Engine;
        using var timeout = new CancellationTokenSource(docker.Stage.Timeout ?? Timeout.InfiniteTimeSpan, docker.TimeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        string? id = null;
        try
        {
            id = await engine.CreateContainerAsync(spec, stop.Token).ConfigureAwait(false);
            await engine.StartAsync(id, stop.Token).ConfigureAwait(false);
            await engine.FollowLogsAsync(id, line => output.OnLine(line, isError: false), line => output.OnLine(line, isError: true), stop.Token).ConfigureAwait(false);

            // The output ended with the container's main process: its exit code is there to read, even if the step is cancelled just now.
            var exitCode = await engine.WaitForExitAsync(id, TimeSpan.FromMinutes(1), CancellationToken.None).ConfigureAwait(false);
            return (ProcessEnd.Exited, exitCode);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (id is not null)
            {
                await StopQuietlyAsync(engine, id, log).ConfigureAwait(false);
            }

            return (cancellationToken.IsCancellationRequested ? ProcessEnd.Cancelled : ProcessEnd.TimedOut, -1);
        }
        finally
        {
            if (id is not null)
            {
                try
                {
                    await engine.RemoveAsync(id, force: true, removeVolumes: true, CancellationToken.None).ConfigureAwait(false);
                }
                catch (ContainerEngineException ex)
                {
                    log($"Could not remove the container {id[..Math.Min(12, id.Length)]}: {ex.Message}");
                }
            }
        }
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period, as a cancelled process on this machine gets.</summary>
    private static async Task StopQuietlyAsync(ContainerEngine engine, string id, Action<string> log)
    {
        try
        {
            await engine.StopAsync(id, StopGrace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ContainerEngineException ex)
        {
            log($"Could not stop the container {id[..Math.Min(12, id.Length)]}: {ex.Message}");
        }
    }
}
