using Sluice.Workflows.Schema;
using Sluice.Workflows.Tokens;
using Sluice.Workflows.Validation;
using Sluice.Workflows.Yaml;

namespace Sluice.Workflows;

/// <summary>
/// Reads action metadata files (<c>action.yml</c>, <c>action.yaml</c>) against GitHub's published action schema.
/// Errors are what GitHub's runner refuses: the loose reading it uses (keys it does not use are ignored) and the
/// checks it makes when it loads an action. What only the strict reading of the schema (GitHub's editor and
/// marketplace) finds is a warning: the action still runs. Never throws for bad input.
/// </summary>
public sealed class ActionReader(WorkflowReaderOptions? options = null)
{
    public WorkflowReaderOptions Options { get; } = options ?? WorkflowReaderOptions.Default;

    /// <summary>Whether a file name is that of action metadata rather than of a workflow.</summary>
    public static bool IsActionFile(string path) =>
        Path.GetFileName(path) is "action.yml" or "action.yaml";

    public WorkflowReadResult ReadFile(string path)
    {
        var document = ReadDocumentFile(path, path);
        return new WorkflowReadResult(document.File, null, document.Errors, document.Warnings);
    }

    /// <summary>Reads action metadata text; <paramref name="fileName"/> is the name used in diagnostics.</summary>
    public WorkflowReadResult Read(string fileName, string content)
    {
        var document = ReadDocument(fileName, content);
        return new WorkflowReadResult(document.File, null, document.Errors, document.Warnings);
    }

    /// <summary>
    /// Reads the action metadata file at <paramref name="path"/> as <see cref="ReadDocument"/> does;
    /// <paramref name="displayFile"/> is the name used in diagnostics (a path relative to a workspace, say).
    /// </summary>
    public ActionDocument ReadDocumentFile(string path, string displayFile)
    {
        var diagnostics = new DiagnosticBag(displayFile);
        return DocumentText.Read(path, Options.MaxFileSize, diagnostics) is { } text
            ? ReadDocument(displayFile, text)
            : new ActionDocument(displayFile, null, diagnostics.Errors, diagnostics.Warnings);
    }

    /// <summary>
    /// Reads action metadata text as GitHub's runner reads it when it loads the action, and returns the checked tokens
    /// (when there is no error) for a program that runs the action; <paramref name="fileName"/> is the name used in
    /// diagnostics.
    /// </summary>
    public ActionDocument ReadDocument(string fileName, string content)
    {
        var diagnostics = new DiagnosticBag(fileName);
        if (content.Length > Options.MaxFileSize)
        {
            diagnostics.AddFileLevel(DocumentText.TooLarge(Options.MaxFileSize));
            return Document(diagnostics, null);
        }

        var budget = new SizeBudget();
        budget.AddFile(fileName);
        var loaded = new YamlLoader(Options, diagnostics, budget).Load(content);
        if (loaded is not MappingToken document)
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.AddFileLevel(loaded is null
                    ? "The action metadata file is empty. It needs at least 'name:', 'description:' and 'runs:'."
                    : "Action must be a mapping with at least 'name:', 'description:' and 'runs:'.");
            }

            return Document(diagnostics, null);
        }

        var settings = DocumentKinds.ActionSettings;
        var root = new TemplateReader(diagnostics, settings).Read(document, settings.Schema.Get(DocumentKinds.ActionRoot)) as MappingToken;
        if (root is not null && !diagnostics.HasErrors)
        {
            ActionRules.Check(root, diagnostics);
        }

        WarnAboutStrictProblems(document, diagnostics);
        return Document(diagnostics, root);
    }

    /// <summary>What the strict reading finds where there is no error, as warnings.</summary>
    private static void WarnAboutStrictProblems(MappingToken document, DiagnosticBag diagnostics)
    {
        var strict = new DiagnosticBag(diagnostics.File);
        var settings = DocumentKinds.ActionSettings;
        new TemplateReader(strict, settings).Read(document, settings.Schema.Get(DocumentKinds.ActionRootStrict));
        // A place that already has an error needs no warning as well.
        var places = diagnostics.Errors.Select(e => (e.Line, e.Column)).ToHashSet();
        foreach (var problem in strict.Errors.Where(e => !places.Contains((e.Line, e.Column))))
        {
            diagnostics.WarnAt(problem.Line, problem.Column, $"{problem.Message} (GitHub's runner accepts this; its editor and marketplace do not)");
        }
    }

    private static ActionDocument Document(DiagnosticBag diagnostics, MappingToken? root) =>
        new(diagnostics.File, diagnostics.HasErrors ? null : root, diagnostics.Errors, diagnostics.Warnings);
}
