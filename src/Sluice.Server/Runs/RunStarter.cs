using Sluice.Engine.Local;
using Sluice.Engine.Planning;
using Sluice.Server.Repositories;
using Sluice.Server.Storage;
using Sluice.Workflows;

namespace Sluice.Server.Runs;

/// <summary>
/// Turns a trigger into runs: reads the repository's workflows at the commit, keeps those whose <c>on:</c> takes the
/// event (with its branch, tag, path and type filters, as <c>sluice run</c> decides), fills their contexts the way
/// <c>sluice run</c> does, and stores each run for the coordinator to plan.
/// </summary>
public sealed class RunStarter(IServerStore store, RepositoryMirror mirror, RunCoordinator coordinator, TimeProvider time)
{
    public async Task<(IReadOnlyList<RunRecord> Runs, string? Message)> StartAsync(RepositoryRecord repository, RunTrigger trigger, CancellationToken cancellationToken)
    {
        var workflows = await mirror.WorkflowsAsync(repository, trigger.Sha, cancellationToken).ConfigureAwait(false);
        if (trigger.Workflow is { } only)
        {
            workflows = workflows.Where(w => w.File == only || Path.GetFileName(w.File) == only).ToList();
            if (workflows.Count == 0)
            {
                return ([], $"no workflow '{only}' in .github/workflows at {Short(trigger.Sha)}");
            }
        }

        if (workflows.Count == 0)
        {
            return ([], $"no workflow files in .github/workflows at {Short(trigger.Sha)}");
        }

        var changed = trigger.ChangedPaths ?? (trigger.Before is { } before ? await mirror.ChangedPathsAsync(repository, before, trigger.Sha, cancellationToken).ConfigureAwait(false) : null);
        var (owner, name) = LocalGit.OwnerAndName(repository.Url, repository.Name);
        var git = new LocalGit(mirror.PathOf(repository), trigger.Sha, BranchOf(trigger.Ref), trigger.Before ?? LocalGit.ZeroSha, changed, owner, name, trigger.Actor);
        var runs = new List<RunRecord>();
        var problems = new List<string>();
        var scratch = Directory.CreateTempSubdirectory("sluice-trigger-").FullName;
        try
        {
            string? eventPath = null;
            if (trigger.PayloadJson is { } payload)
            {
                eventPath = Path.Combine(scratch, "payload.json");
                await File.WriteAllTextAsync(eventPath, payload, cancellationToken).ConfigureAwait(false);
            }

            var settings = new LocalRunSettings { EventName = trigger.Event, EventPath = eventPath, Inputs = trigger.Inputs };
            var reader = new WorkflowReader();
            foreach (var (file, text) in workflows)
            {
                var read = reader.Read(file, text);
                if (!read.IsValid)
                {
                    problems.Add($"{file}: {read.Errors[0]}");
                    continue;
                }

                var workflow = read.Workflow!;
                var explicitOne = trigger.Workflow is not null;
                try
                {
                    var (context, info) = new LocalRunFactory(time).Create(workflow, file, git, settings, Path.Combine(scratch, Path.GetFileNameWithoutExtension(file)));
                    var filterInfo = info with { Ref = trigger.FilterRef ?? info.Ref, Action = trigger.Action ?? info.Action };
                    if (!explicitOne && !EventFilter.Triggers(workflow, filterInfo))
                    {
                        continue;
                    }

                    if (explicitOne && workflow.FindEvent(trigger.Event) is null && trigger.Event == "workflow_dispatch")
                    {
                        problems.Add($"{file} has no 'workflow_dispatch' trigger");
                        continue;
                    }

                    var contextJson = RunContextJson.Write(context.Github, context.Inputs, context.Vars);
                    var run = await store.CreateRunAsync(
                        new NewRun(repository.Id, workflow.Name ?? file, file, text, trigger.Event, trigger.Ref, trigger.Sha, contextJson, trigger.Actor, trigger.SecretsAllowed, RollbackOf: trigger.RollbackOf),
                        time.GetUtcNow(),
                        cancellationToken).ConfigureAwait(false);
                    runs.Add(run);
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException or Sluice.Expressions.ExpressionException)
                {
                    problems.Add($"{file}: {ex.Message}");
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        foreach (var run in runs)
        {
            await coordinator.AdvanceAsync(run.Id, cancellationToken).ConfigureAwait(false);
        }

        var message = problems.Count > 0 ? string.Join("; ", problems)
            : runs.Count == 0 ? $"no workflow runs on '{trigger.Event}' for {trigger.Ref}"
            : null;
        return (runs, message);
    }

    private static string? BranchOf(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : null;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
