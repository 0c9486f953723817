using Sluice.Workflows.Schema;
using Sluice.Workflows.Tokens;
using Sluice.Workflows.Validation;
using Sluice.Workflows.Yaml;

namespace Sluice.Workflows;

/// <summary>Reads and validates GitHub Actions workflow files. Never throws for bad input: every problem comes back as a diagnostic.</summary>
public sealed class WorkflowReader(WorkflowReaderOptions? options = null)
{
    public WorkflowReaderOptions Options { get; } = options ?? WorkflowReaderOptions.Default;

    /// <summary>Reads a file from disk: refuses files over the size limit, binary files and invalid UTF-8 with a diagnostic.</summary>
    public WorkflowReadResult ReadFile(string path)
    {
        var diagnostics = new DiagnosticBag(path);
        return DocumentText.Read(path, Options.MaxFileSize, diagnostics) is { } text ? Read(path, text) : Result(diagnostics, null);
    }

    /// <summary>Reads workflow text; <paramref name="fileName"/> is the name used in diagnostics.</summary>
    public WorkflowReadResult Read(string fileName, string content)
    {
        var diagnostics = new DiagnosticBag(fileName);
        var budget = new SizeBudget();
        var root = ReadTokens(content, diagnostics, budget);
        Workflow? workflow = null;
        if (root is not null)
        {
            // As GitHub's reader does, the checks after the schema run on a document the schema accepted, and called
            // workflows are followed only from a workflow with no error of its own.
            var jobs = new JobCounter(Options.MaxJobs);
            if (!diagnostics.HasErrors)
            {
                new WorkflowRules(diagnostics, Options, jobs).Check(root);
            }

            if (!diagnostics.HasErrors && Options.ResolveReusableWorkflow is { } resolve)
            {
                new ReusableWorkflowRules(this, resolve, budget, jobs).Check(root, diagnostics);
            }

            workflow = WorkflowBuilder.Build(root);
        }

        return Result(diagnostics, workflow);
    }

    /// <summary>YAML to schema-checked tokens, or null when the text is not a readable workflow at all.</summary>
    internal MappingToken? ReadTokens(string content, DiagnosticBag diagnostics, SizeBudget budget)
    {
        if (content.Length > Options.MaxFileSize)
        {
            diagnostics.AddFileLevel(DocumentText.TooLarge(Options.MaxFileSize));
            return null;
        }

        budget.AddFile(diagnostics.File);
        var loaded = new YamlLoader(Options, diagnostics, budget).Load(content);
        if (loaded is null)
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.AddFileLevel("The workflow file is empty. A workflow needs at least 'on:' and 'jobs:'.");
            }

            return null;
        }

        if (loaded is not MappingToken)
        {
            diagnostics.Add(loaded, "A workflow must be a mapping with at least 'on:' and 'jobs:'.");
            return null;
        }

        var settings = DocumentKinds.WorkflowSettings(Options.AllowBackgroundSteps);
        return new TemplateReader(diagnostics, settings).Read(loaded, settings.Schema.Get(DocumentKinds.WorkflowRoot)) as MappingToken;
    }

    private static WorkflowReadResult Result(DiagnosticBag diagnostics, Workflow? workflow) =>
        new(diagnostics.File, workflow, diagnostics.Errors, diagnostics.Warnings);
}
