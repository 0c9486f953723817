using Sluice.Engine.Steps;
using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>Handles a step's output lines: workflow commands act, everything else is masked and passed on.</summary>
/// <param name="allowUnsecureCommands">Whether the step's env opts into <c>::set-env</c> and <c>::add-path</c> (<see cref="UnsecureCommands"/>).</param>
internal sealed class StepOutput(IJobOutputTarget job, string stepId, WorkflowCommandParser parser, Dictionary<string, string> outputs, bool allowUnsecureCommands = false)
{
    private readonly Lock _gate = new();
    private string? _group;
    private bool _echo;

    /// <summary>True when a command could not be processed: the step then fails, as GitHub's runner fails it.</summary>
    public bool CommandFailed { get; private set; }

    public void OnLine(string line, bool isError)
    {
        lock (_gate)
        {
            var command = parser.Parse(line);
            switch (command)
            {
                case null:
                    job.Observer.Line(job.JobKey, stepId, job.Masker.Mask(line), isError, _group);
                    break;
                case MaskCommand mask:
                    job.Masker.Add(mask.Value);
                    break;
                case GroupCommand group:
                    _group = job.Masker.Mask(group.Title);
                    job.Observer.GroupStarted(job.JobKey, stepId, _group);
                    break;
                case EndGroupCommand when _group is not null:
                    _group = null;
                    job.Observer.GroupEnded(job.JobKey, stepId);
                    break;
                case AnnotationCommand annotation when annotation.Level == AnnotationLevel.Debug:
                    if (_echo)
                    {
                        job.Observer.Line(job.JobKey, stepId, job.Masker.Mask($"[debug] {annotation.Message}"), false, _group);
                    }

                    break;
                case AnnotationCommand annotation:
                    job.Observer.Annotation(job.JobKey, annotation.Level.ToString().ToLowerInvariant(), job.Masker.Mask(annotation.Message), annotation.File, annotation.Line);
                    break;
                case SetOutputCommand set:
                    outputs[set.Name] = set.Value;
                    break;
                case SaveStateCommand save:
                    job.SaveState(save.Name, save.Value);
                    break;
                case EchoCommand echo:
                    _echo = echo.On;
                    break;
                case SetEnvCommand setEnv:
                    SetEnv(line, setEnv);
                    break;
                case AddPathCommand addPath:
                    AddPath(line, addPath);
                    break;
            }

            if (command is not null && _echo && command is not AnnotationCommand)
            {
                job.Observer.Line(job.JobKey, stepId, job.Masker.Mask(line), false, _group);
            }
        }
    }

    private void SetEnv(string line, SetEnvCommand command)
    {
        if (!allowUnsecureCommands)
        {
            Refuse(line, UnsecureCommands.Disabled("set-env"));
        }
        else if (command.Name is null)
        {
            Refuse(line, "Required field 'name' is missing in ##[set-env] command.");
        }
        else if (string.Equals(command.Name, "NODE_OPTIONS", StringComparison.OrdinalIgnoreCase))
        {
            // The runner refuses this one name outright (it would run code in every later JavaScript action), without failing the step.
            job.Observer.Annotation(job.JobKey, "error", "Can't update NODE_OPTIONS environment variable using ::set-env:: command.", null, null);
        }
        else
        {
            job.SetEnv(command.Name, command.Value);
        }
    }

    private void AddPath(string line, AddPathCommand command)
    {
        if (!allowUnsecureCommands)
        {
            Refuse(line, UnsecureCommands.Disabled("add-path"));
        }
        else if (command.Path.Length == 0)
        {
            Refuse(line, "Required field 'path' is missing in ##[add-path] command.");
        }
        else
        {
            job.AddPath(command.Path);
        }
    }

    private void Refuse(string line, string reason)
    {
        job.Observer.Annotation(job.JobKey, "error", job.Masker.Mask($"Unable to process command '{line}' successfully."), null, null);
        job.Observer.Annotation(job.JobKey, "error", reason, null, null);
        CommandFailed = true;
    }
}

/// <summary>What step output handling needs from the running job.</summary>
internal interface IJobOutputTarget
{
    string JobKey { get; }

    SecretMasker Masker { get; }

    IRunObserver Observer { get; }

    void SaveState(string name, string value);

    /// <summary>Sets a variable for the job's later steps (<c>::set-env</c>), as a GITHUB_ENV line would.</summary>
    void SetEnv(string name, string value);

    /// <summary>Puts a folder in front of PATH for the job's later steps (<c>::add-path</c>), as a GITHUB_PATH line would.</summary>
    void AddPath(string path);
}
