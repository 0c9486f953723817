using Sluice.Engine.Steps;
using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>Handles a step's output lines: workflow commands act, everything else is masked and passed on.</summary>
internal sealed class StepOutput(IJobOutputTarget job, string stepId, WorkflowCommandParser parser, Dictionary<string, string> outputs)
{
    private readonly Lock _gate = new();
    private string? _group;
    private bool _echo;

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
                    job.Observer.Line(job.JobKey, stepId, $"▶ {_group}", false, _group);
                    break;
                case EndGroupCommand:
                    _group = null;
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
            }

            if (command is not null && _echo && command is not AnnotationCommand)
            {
                job.Observer.Line(job.JobKey, stepId, job.Masker.Mask(line), false, _group);
            }
        }
    }
}

/// <summary>What step output handling needs from the running job.</summary>
internal interface IJobOutputTarget
{
    string JobKey { get; }

    SecretMasker Masker { get; }

    IRunObserver Observer { get; }

    void SaveState(string name, string value);
}
