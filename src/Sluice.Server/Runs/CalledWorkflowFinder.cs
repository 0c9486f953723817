using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Actions.Policy;
using Sluice.Server.Repositories;
using Sluice.Server.Storage;
using Sluice.Workflows;

namespace Sluice.Server.Runs;

/// <summary>What a call located: the called workflow's file as runs show it and its text, or why it cannot run (<see cref="Text"/> null).</summary>
public sealed record CalledWorkflowText(string Detail, string? Text);

/// <summary>
/// Finds the workflow a calling job names, as <c>sluice run</c> finds it: <c>./.github/workflows/x.yml</c> in the run's
/// own repository at the run's commit (from the server's mirror), or <c>owner/repo/.github/workflows/x.yml@ref</c> of
/// another repository through the action source the server was given (the action store and host of <c>sluice run</c>,
/// under the repository's action policy at the run's commit). A <c>./</c> reference inside a workflow of another
/// repository names a file of that repository at the same ref, as it does for <c>sluice run</c>.
/// </summary>
public sealed class CalledWorkflowFinder(RepositoryMirror mirror, JobActionsSource? actions, string scratch)
{
    /// <summary>Whether finding the call may fetch another repository (slow: done away from the request that advanced the run).</summary>
    public static bool MayFetch(string uses, string? callerFile) => !uses.StartsWith("./", StringComparison.Ordinal) || OtherRepository(callerFile) is not null;

    /// <param name="callerFile">The file of the workflow the calling job belongs to: null for the run's own, else as <see cref="CalledWorkflowText.Detail"/> gave it.</param>
    /// <param name="secrets">The run's secrets, where the token for private action repositories may be.</param>
    public async Task<CalledWorkflowText> FindAsync(RunRecord run, RepositoryRecord? repository, string uses, string? callerFile, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        if (OtherRepository(callerFile) is { } caller && uses.StartsWith("./", StringComparison.Ordinal))
        {
            return InsideRepository(uses[2..]) is { } inCaller
                ? await FromOtherRepositoryAsync(run, repository, $"{caller.Owner}/{caller.Repository}/{inCaller}@{caller.Ref}", secrets, cancellationToken).ConfigureAwait(false)
                : new(NotInside(uses), null);
        }

        if (!uses.StartsWith("./", StringComparison.Ordinal))
        {
            return await FromOtherRepositoryAsync(run, repository, uses, secrets, cancellationToken).ConfigureAwait(false);
        }

        if (InsideRepository(uses[2..]) is not { } path)
        {
            return new(NotInside(uses), null);
        }

        var text = repository is null ? null : await mirror.FileAtAsync(repository, run.Sha, path, cancellationToken).ConfigureAwait(false);
        return text is null
            ? new($"'{uses}' is not a workflow file inside the repository at {run.Sha}; a ./ reference names a file such as ./.github/workflows/deploy.yml", null)
            : new(path, text);
    }

    private async Task<CalledWorkflowText> FromOtherRepositoryAsync(RunRecord run, RepositoryRecord? repository, string uses, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        if (actions is null)
        {
            return new($"'{uses}' calls a reusable workflow of another repository, and this server was started without a source of other repositories", null);
        }

        if (ActionReference.Parse(uses, out var malformed) is not { Source: ActionSource.Repository } reference)
        {
            return new(malformed ?? $"'{uses}' is not a reusable workflow reference; use owner/repo/.github/workflows/file.yml@ref or ./.github/workflows/file.yml", null);
        }

        var settings = Path.Combine(scratch, $"call-settings-{Guid.NewGuid():N}");
        JobActions opened;
        try
        {
            opened = actions(await SettingsRootAsync(run, repository, settings, cancellationToken).ConfigureAwait(false), secrets);
        }
        catch (JobActionsException ex)
        {
            return new(ex.Message, null);
        }
        finally
        {
            DeleteQuietly(settings);
        }

        using (opened)
        {
            if (opened.Settings.Policy.Refusal(reference) is { } refusal)
            {
                return new(refusal, null);
            }

            var lookup = await CalledWorkflowLocator.LocateAsync(uses, scratch, opened.Repositories, cancellationToken).ConfigureAwait(false);
            if (lookup.Workflow is not { } found)
            {
                return new(Masked(lookup.Problem ?? $"the reusable workflow '{uses}' could not be found", opened.Masks), null);
            }

            var size = new FileInfo(found.Path).Length;
            var limit = WorkflowReaderOptions.Default.MaxFileSize;
            return size > limit
                ? new($"the reusable workflow '{uses}' is {size} bytes, more than the {limit} a workflow file may have", null)
                : new(uses, await File.ReadAllTextAsync(found.Path, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>A folder holding the repository's action settings file as it is at the run's commit, or null when it has none.</summary>
    private async Task<string?> SettingsRootAsync(RunRecord run, RepositoryRecord? repository, string folder, CancellationToken cancellationToken)
    {
        if (repository is null)
        {
            return null;
        }

        foreach (var name in ActionSettingsReader.RepositoryFiles)
        {
            if (await mirror.FileAtAsync(repository, run.Sha, name, cancellationToken).ConfigureAwait(false) is { } text)
            {
                var file = Path.Combine(folder, name);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, text, cancellationToken).ConfigureAwait(false);
                return folder;
            }
        }

        return null;
    }

    /// <summary>The repository a called workflow came from, when it came from another one (its file is an owner/repo/path@ref reference).</summary>
    private static ActionReference? OtherRepository(string? callerFile) =>
        callerFile is not null && ActionReference.Parse(callerFile, out _) is { Source: ActionSource.Repository } reference ? reference : null;

    /// <summary>The path of a <c>./</c> reference within the repository, or null when it would leave it or names no file.</summary>
    private static string? InsideRepository(string path)
    {
        var parts = path.Split('/');
        return path.Contains('@', StringComparison.Ordinal) || parts.Any(p => p is "" or "." or ".." || p.Contains('\\', StringComparison.Ordinal))
            ? null
            : path;
    }

    private static string NotInside(string uses) =>
        $"'{uses}' is not a workflow file inside the repository; a ./ reference names a file such as ./.github/workflows/deploy.yml, without @ref";

    private static string Masked(string text, IReadOnlyList<string> masks) =>
        masks.Aggregate(text, (current, mask) => current.Replace(mask, "***", StringComparison.Ordinal));

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover settings copy in the scratch folder harms nothing.
        }
    }
}
