using Sluice.Containers;
using Sluice.Engine.Execution.Containers;
using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>Container jobs and services: started before the first step, removed after the last.</summary>
public sealed partial class JobExecutor
{
    /// <summary>
    /// Starts the job's container and services, if it has any, and points the job's steps at the container.
    /// False (with the reason reported) when they cannot start; the job then fails without running a step.
    /// </summary>
    private async Task<(JobContainers? Containers, bool Ready)> StartContainersAsync(JobState state, CancellationToken cancellationToken)
    {
        var job = state.Request.Job;
        if (job.Container is null && job.Services.Count == 0)
        {
            return (null, true);
        }

        ContainerDefinition? container;
        var services = new List<(string Id, ContainerDefinition Definition)>();
        try
        {
            var context = state.Contexts.For(state.Env, JobStatus.Success);
            container = ContainerDefinition.Read(TokenEvaluator.Evaluate(job.Container, context), $"the container of job '{job.Id}'");
            foreach (var (id, value) in TokenEvaluator.EvaluateMapping(job.Services, context).Properties)
            {
                if (ContainerDefinition.Read(value, $"the service '{id}' of job '{job.Id}'") is { } service)
                {
                    services.Add((id, service));
                }
            }
        }
        catch (Exception ex) when (ex is ExpressionException or ContainerDefinitionException)
        {
            state.Fail(ex is ExpressionException ee ? $"The container or services of job '{job.Id}' could not be evaluated: {ee.Error.Message}" : ex.Message);
            return (null, false);
        }

        if (container is null && services.Count == 0)
        {
            return (null, true);
        }

        if (containerEngine is null)
        {
            state.Fail($"Job '{job.Id}' needs a container engine for its container or services, and this run has none.");
            return (null, false);
        }

        void Log(string line) => state.Observer.Line(state.Request.JobKey, null, state.Masker.Mask(line), false, null);
        void Warn(string message) => state.Observer.Annotation(state.Request.JobKey, "warning", state.Masker.Mask(message), null, null);
        try
        {
            var containers = await JobContainers.StartAsync(containerEngine, state.Request, container, services, state.Scratch, (Log, Warn), timeProvider, cancellationToken);
            if (containers.StepHost is { } host)
            {
                state.Host = host;
                state.Contexts.Job.Set("container", containers.ContainerContext);
            }

            state.Contexts.Job.Set("services", containers.ServicesContext);
            return (containers, true);
        }
        catch (Exception ex) when (ex is ContainerEngineException or ContainerDefinitionException)
        {
            state.Fail($"The containers of job '{job.Id}' could not start: {ex.Message}");
            return (null, false);
        }
        catch (OperationCanceledException)
        {
            state.Status = JobStatus.Cancelled;
            return (null, false);
        }
    }
}
