using System.Globalization;
using Sluice.Engine.Execution;
using Sluice.Engine.Planning;
using Sluice.Expressions;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Local;

/// <summary>Builds what a local run needs from the repository: the event (from git, or <c>--eventpath</c>) and the contexts GitHub would fill.</summary>
public sealed class LocalRunFactory(TimeProvider timeProvider)
{
    public (RunContext Run, EventInfo Event) Create(Workflow workflow, string workflowFile, LocalGit git, LocalRunSettings settings, string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var gitRef = git.Branch is null ? git.Sha : $"refs/heads/{git.Branch}";
        var payload = settings.EventPath is null ? Synthesize(settings.EventName, git, gitRef, settings) : ReadPayload(settings.EventPath);
        var eventPath = Path.Combine(runDirectory, "event.json");
        using (var stream = File.Create(eventPath))
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            payload.WriteJson(writer);
        }

        var refFromPayload = payload.TryGetValue("ref", out var r) && r.Kind == ValueKind.String ? r.ToDisplayString() : gitRef;
        var inputs = Inputs(workflow, settings);
        var github = Github(workflow, workflowFile, git, settings.EventName, payload, refFromPayload);
        var action = payload.TryGetValue("action", out var a) ? a.ToDisplayString() : null;
        var run = new RunContext
        {
            Workflow = workflow,
            WorkflowFile = workflowFile,
            RepositoryRoot = git.Root,
            RunDirectory = runDirectory,
            Github = github,
            Vars = ToObject(settings.Vars),
            Secrets = ToObject(settings.Secrets),
            Inputs = inputs,
            EventPath = eventPath,
            BaseEnvironment = BaseEnvironment.FromCurrentProcess(),
            ScratchDirectory = ScratchFor(runDirectory),
            SkipUnsupportedSteps = settings.SkipUnsupportedSteps,
            ActionCacheDirectory = settings.ActionCacheDirectory,
            Repositories = settings.Repositories,
            ActionSettings = settings.ActionSettings,
            Masks = settings.Masks,
        };
        var baseRef = settings.EventName is "pull_request" or "pull_request_target" && github.TryGetValue("base_ref", out var b) ? "refs/heads/" + b.ToDisplayString() : refFromPayload;
        return (run, new EventInfo(settings.EventName, baseRef, git.ChangedPaths, action));
    }

    /// <summary>/dev/shm/sluice-scratch/... when /dev/shm is a writable folder, else null (the run directory).</summary>
    public static string? ScratchFor(string runDirectory)
    {
        const string shm = "/dev/shm";
        if (!Directory.Exists(shm))
        {
            return null;
        }

        try
        {
            var name = runDirectory.Replace(Path.GetTempPath(), "", StringComparison.Ordinal).Replace('/', '_').Trim('_');
            return Directory.CreateDirectory(Path.Combine(shm, "sluice-scratch", name)).FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private ObjectValue Github(Workflow workflow, string workflowFile, LocalGit git, string eventName, ObjectValue payload, string gitRef)
    {
        var github = new ObjectValue();
        void Set(string key, string value) => github.Set(key, ExpressionValue.FromString(value));
        var isTag = gitRef.StartsWith("refs/tags/", StringComparison.Ordinal);
        var refName = gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..]
            : isTag ? gitRef["refs/tags/".Length..]
            : gitRef;
        Set("event_name", eventName);
        github.Set("event", payload);
        Set("sha", git.Sha);
        Set("ref", gitRef);
        Set("ref_name", refName);
        Set("ref_type", isTag ? "tag" : "branch");
        github.Set("ref_protected", ExpressionValue.False);
        Set("repository", $"{git.Owner}/{git.Repository}");
        Set("repository_owner", git.Owner);
        Set("repositoryUrl", $"git://github.com/{git.Owner}/{git.Repository}.git");
        Set("actor", git.Actor);
        Set("triggering_actor", git.Actor);
        Set("workflow", workflow.Name ?? workflowFile);
        Set("workflow_ref", $"{git.Owner}/{git.Repository}/{workflowFile}@{gitRef}");
        Set("run_id", timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Set("run_number", "1");
        Set("run_attempt", "1");
        Set("retention_days", "90");
        Set("server_url", "https://github.com");
        Set("api_url", "https://api.github.com");
        Set("graphql_url", "https://api.github.com/graphql");
        Set("token", "");
        Set("head_ref", "");
        Set("base_ref", "");
        if (payload.TryGetValue("pull_request", out var pr) && pr is ObjectValue pull)
        {
            if (pull.TryGetValue("head", out var head) && head is ObjectValue h && h.TryGetValue("ref", out var headRef))
            {
                Set("head_ref", headRef.ToDisplayString());
            }

            if (pull.TryGetValue("base", out var @base) && @base is ObjectValue bo && bo.TryGetValue("ref", out var baseRef))
            {
                Set("base_ref", baseRef.ToDisplayString());
            }
        }

        return github;
    }

    private static ObjectValue Synthesize(string eventName, LocalGit git, string gitRef, LocalRunSettings settings)
    {
        var payload = new ObjectValue();
        var repository = new ObjectValue();
        repository.Set("name", ExpressionValue.FromString(git.Repository));
        repository.Set("full_name", ExpressionValue.FromString($"{git.Owner}/{git.Repository}"));
        var owner = new ObjectValue();
        owner.Set("login", ExpressionValue.FromString(git.Owner));
        repository.Set("owner", owner);
        repository.Set("default_branch", ExpressionValue.FromString(git.Branch ?? "main"));
        payload.Set("repository", repository);
        var sender = new ObjectValue();
        sender.Set("login", ExpressionValue.FromString(git.Actor));
        payload.Set("sender", sender);
        switch (eventName)
        {
            case "push":
                payload.Set("ref", ExpressionValue.FromString(gitRef));
                payload.Set("before", ExpressionValue.FromString(git.Before));
                payload.Set("after", ExpressionValue.FromString(git.Sha));
                var head = new ObjectValue();
                head.Set("id", ExpressionValue.FromString(git.Sha));
                payload.Set("head_commit", head);
                break;
            case "pull_request" or "pull_request_target":
                payload.Set("action", ExpressionValue.FromString("opened"));
                payload.Set("number", ExpressionValue.FromNumber(1));
                var pull = new ObjectValue();
                pull.Set("number", ExpressionValue.FromNumber(1));
                pull.Set("head", Branch(git.Branch ?? "HEAD", git.Sha));
                pull.Set("base", Branch("main", git.Before));
                payload.Set("pull_request", pull);
                break;
            case "workflow_dispatch":
                payload.Set("ref", ExpressionValue.FromString(gitRef));
                payload.Set("inputs", ToObject(settings.Inputs));
                break;
            default:
                payload.Set("ref", ExpressionValue.FromString(gitRef));
                break;
        }

        return payload;
    }

    private static ObjectValue Branch(string name, string sha)
    {
        var branch = new ObjectValue();
        branch.Set("ref", ExpressionValue.FromString(name));
        branch.Set("sha", ExpressionValue.FromString(sha));
        return branch;
    }

    private static ObjectValue ReadPayload(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the event payload '{path}' does not exist");
        }

        return ExpressionValue.ParseJson(File.ReadAllText(path)) as ObjectValue
            ?? throw new FormatException($"the event payload '{path}' must be a JSON object");
    }

    /// <summary><c>inputs</c> for workflow_dispatch: the declared defaults, typed, overridden by <c>--input K=V</c>; unknown and missing required inputs are errors.</summary>
    private static ObjectValue Inputs(Workflow workflow, LocalRunSettings settings)
    {
        var inputs = new ObjectValue();
        var declared = (workflow.FindEvent(settings.EventName)?.Configuration as MappingToken)?.Get("inputs") as MappingToken;
        foreach (var (given, _) in settings.Inputs)
        {
            if (declared?.Get(given) is null)
            {
                throw new ArgumentException($"--input {given}: the workflow declares no such input for '{settings.EventName}'{(declared is null ? "" : $"; it has {string.Join(", ", declared.Pairs.Select(p => p.Key.Value))}")}");
            }
        }

        foreach (var (key, value) in declared?.Pairs ?? [])
        {
            var definition = value as MappingToken;
            var type = (definition?.Get("type") as StringToken)?.Value ?? "string";
            string? text = settings.Inputs.TryGetValue(key.Value, out var v) ? v : (definition?.Get("default") as LiteralToken)?.Display;
            if (text is null)
            {
                if (definition?.Get("required") is BooleanToken { Value: true })
                {
                    throw new ArgumentException($"the input '{key.Value}' is required: pass --input {key.Value}=VALUE");
                }

                continue;
            }

            if (type == "choice" && definition?.Get("options") is SequenceToken options && !options.Items.Any(o => o.Display == text))
            {
                throw new ArgumentException($"--input {key.Value}={text}: not one of the options {string.Join(", ", options.Items.Select(o => o.Display))}");
            }

            inputs.Set(key.Value, type switch
            {
                "boolean" => ExpressionValue.FromBoolean(string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)),
                "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => ExpressionValue.FromNumber(n),
                _ => ExpressionValue.FromString(text),
            });
        }

        return inputs;
    }

    private static ObjectValue ToObject(IReadOnlyDictionary<string, string> values)
    {
        var obj = new ObjectValue();
        foreach (var (key, value) in values)
        {
            obj.Set(key, ExpressionValue.FromString(value));
        }

        return obj;
    }
}
