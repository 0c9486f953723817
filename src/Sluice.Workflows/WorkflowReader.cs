using System.Text;
using Sluice.Workflows.Schema;
using Sluice.Workflows.Tokens;
using Sluice.Workflows.Validation;
using Sluice.Workflows.Yaml;

namespace Sluice.Workflows;

/// <summary>Reads and validates GitHub Actions workflow files. Never throws for bad input: every problem comes back as a diagnostic.</summary>
public sealed class WorkflowReader(WorkflowReaderOptions? options = null)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public WorkflowReaderOptions Options { get; } = options ?? WorkflowReaderOptions.Default;

    /// <summary>Reads a file from disk: refuses files over the size limit, binary files and invalid UTF-8 with a diagnostic.</summary>
    public WorkflowReadResult ReadFile(string path)
    {
        var diagnostics = new DiagnosticBag(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                diagnostics.AddFileLevel("The file does not exist. Check the path.");
                return Result(diagnostics, null);
            }

            // UTF-8 takes at most 4 bytes a character: a longer file is over the limit whatever it holds.
            if (info.Length > 4L * Options.MaxFileSize)
            {
                diagnostics.AddFileLevel(FileTooLarge());
                return Result(diagnostics, null);
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.AddFileLevel($"The file cannot be read: {ex.Message}");
            return Result(diagnostics, null);
        }

        if (Decode(bytes, diagnostics) is not { } text)
        {
            return Result(diagnostics, null);
        }

        return Read(path, text);
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
            diagnostics.AddFileLevel(FileTooLarge());
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

    private string FileTooLarge() => $"The maximum file size of {Options.MaxFileSize} characters has been exceeded";

    private static string? Decode(byte[] bytes, DiagnosticBag diagnostics)
    {
        var probe = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        if (probe.Contains((byte)0))
        {
            diagnostics.AddFileLevel("The file looks binary (it holds NUL bytes), not a YAML workflow.");
            return null;
        }

        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Max(0, ex.Index);
            var line = 1 + bytes.AsSpan(0, Math.Min(offset + start, bytes.Length)).Count((byte)'\n');
            diagnostics.AddAt(line, 1, $"The file is not valid UTF-8 (bad byte at offset {offset}). Save it as UTF-8.");
            return null;
        }
    }

    private static WorkflowReadResult Result(DiagnosticBag diagnostics, Workflow? workflow) =>
        new(diagnostics.File, workflow, diagnostics.Errors, diagnostics.Warnings);
}
