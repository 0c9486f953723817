using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>
/// The environment of a step's process: the documented pass-through variables of the caller, GitHub's default
/// variables (CI, GITHUB_*, RUNNER_*), the workflow/job/step env, the file-command paths, and PATH with
/// GITHUB_PATH additions in front.
/// </summary>
internal static class StepEnvironment
{
    public static Dictionary<string, string> Build(JobRequest request, IJobStateView state, IReadOnlyDictionary<string, string> env, StepFiles files)
    {
        var result = new Dictionary<string, string>(state.Host.BaseEnvironment, StringComparer.Ordinal);
        var github = request.Run.Github;
        string G(string key) => github.TryGetValue(key, out var value) ? value.ToDisplayString() : "";

        result["CI"] = "true";
        result["GITHUB_ACTIONS"] = "true";
        result["SLUICE"] = "true";
        result["GITHUB_WORKFLOW"] = request.Run.Workflow.Name ?? request.Run.WorkflowFile;
        result["GITHUB_WORKFLOW_REF"] = G("workflow_ref");
        result["GITHUB_RUN_ID"] = G("run_id");
        result["GITHUB_RUN_NUMBER"] = G("run_number");
        result["GITHUB_RUN_ATTEMPT"] = G("run_attempt");
        result["GITHUB_JOB"] = request.Job.Id;
        result["GITHUB_ACTION"] = "";
        result["GITHUB_ACTOR"] = G("actor");
        result["GITHUB_REPOSITORY"] = G("repository");
        result["GITHUB_REPOSITORY_OWNER"] = G("repository_owner");
        result["GITHUB_EVENT_NAME"] = G("event_name");
        result["GITHUB_EVENT_PATH"] = request.Run.EventPath;
        result["GITHUB_WORKSPACE"] = request.Workspace;
        result["GITHUB_SHA"] = G("sha");
        result["GITHUB_REF"] = G("ref");
        result["GITHUB_REF_NAME"] = G("ref_name");
        result["GITHUB_REF_TYPE"] = G("ref_type");
        result["GITHUB_HEAD_REF"] = G("head_ref");
        result["GITHUB_BASE_REF"] = G("base_ref");
        result["GITHUB_SERVER_URL"] = G("server_url");
        result["GITHUB_API_URL"] = G("api_url");
        result["GITHUB_GRAPHQL_URL"] = G("graphql_url");
        result["RUNNER_OS"] = state.Runner("os");
        result["RUNNER_ARCH"] = state.Runner("arch");
        result["RUNNER_NAME"] = state.Runner("name");
        result["RUNNER_TEMP"] = state.Runner("temp");
        result["RUNNER_TOOL_CACHE"] = state.Runner("tool_cache");
        result["RUNNER_ENVIRONMENT"] = "self-hosted";
        result[Steps.OrphanReaper.TrackingVariable] = state.TrackingId;

        foreach (var (key, value) in env)
        {
            result[key] = value;
        }

        result["GITHUB_OUTPUT"] = files.Output;
        result["GITHUB_ENV"] = files.Env;
        result["GITHUB_PATH"] = files.Path;
        result["GITHUB_STEP_SUMMARY"] = files.Summary;
        result["GITHUB_STATE"] = files.State;

        if (state.PathPrefix.Count > 0)
        {
            result["PATH"] = string.Join(Path.PathSeparator, state.PathPrefix.Append(result.GetValueOrDefault("PATH", state.Host.DefaultPath)));
        }

        return result;
    }
}

/// <summary>What the step environment reads from a running job.</summary>
internal interface IJobStateView
{
    IReadOnlyList<string> PathPrefix { get; }

    /// <summary>Marks every process of the job, so that what is left running at its end can be found and stopped.</summary>
    string TrackingId { get; }

    string Runner(string key);

    /// <summary>Where the job's processes run.</summary>
    Hosts.IStepHost Host { get; }
}
