using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Engine.Execution;

namespace Sluice.Cli.Running;

/// <summary><c>--format json</c>: one JSON event per line (run, job and step started and finished, log lines, annotations).</summary>
internal sealed class JsonRunObserver(TextWriter output) : IRunObserver
{
    private readonly Lock _gate = new();

    public void RunStarted(string workflow, string eventName) => Emit("run_started", w =>
    {
        w.WriteString("workflow", workflow);
        w.WriteString("event_name", eventName);
    });

    public void JobStarted(string jobKey, string displayName) => Emit("job_started", w =>
    {
        w.WriteString("job", jobKey);
        w.WriteString("name", displayName);
    });

    public void StepStarted(string jobKey, string stepId, string displayName) => Emit("step_started", w =>
    {
        w.WriteString("job", jobKey);
        w.WriteString("step", stepId);
        w.WriteString("name", displayName);
    });

    public void Line(string jobKey, string? stepId, string text, bool isError, string? group) => Emit("line", w =>
    {
        w.WriteString("job", jobKey);
        w.WriteString("step", stepId);
        w.WriteString("stream", isError ? "stderr" : "stdout");
        w.WriteString("group", group);
        w.WriteString("text", text);
    });

    public void Annotation(string jobKey, string level, string message, string? file, int? line) => Emit("annotation", w =>
    {
        w.WriteString("job", jobKey);
        w.WriteString("level", level);
        w.WriteString("message", message);
        w.WriteString("file", file);
        w.WriteNullableNumber("line", line);
    });

    public void StepFinished(string jobKey, StepResult step) => Emit("step_finished", w =>
    {
        w.WriteString("job", jobKey);
        w.WriteString("step", step.Id);
        w.WriteString("outcome", step.Outcome.Name());
        w.WriteString("conclusion", step.Conclusion.Name());
        w.WriteNumber("duration_seconds", Math.Round(step.Duration.TotalSeconds, 3));
        WriteOutputs(w, step.Outputs);
    });

    public void JobFinished(string jobKey, JobResult job) => Emit("job_finished", w =>
    {
        w.WriteString("job", jobKey);
        w.WriteString("name", job.DisplayName);
        w.WriteString("result", job.Conclusion.Name());
        w.WriteNumber("duration_seconds", Math.Round(job.Duration.TotalSeconds, 3));
        WriteOutputs(w, job.Outputs);
    });

    public void RunFinished(Conclusion conclusion, IReadOnlyList<JobResult> jobs, TimeSpan duration) => Emit("run_finished", w =>
    {
        w.WriteString("result", conclusion.Name());
        w.WriteNumber("duration_seconds", Math.Round(duration.TotalSeconds, 3));
    });

    private static void WriteOutputs(Utf8JsonWriter w, IReadOnlyDictionary<string, string> outputs)
    {
        w.WriteStartObject("outputs");
        foreach (var (key, value) in outputs)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private void Emit(string type, Action<Utf8JsonWriter> body)
    {
        lock (_gate)
        {
            JsonOutput.Write(output, indented: false, w =>
            {
                w.WriteStartObject();
                w.WriteString("event", type);
                body(w);
                w.WriteEndObject();
            });
            output.Flush();
        }
    }
}
