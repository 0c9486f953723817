using System.Diagnostics;
using Sluice.Engine.Execution.Actions.Policy;
using Sluice.Protocol;

namespace Sluice.Agent;

/// <summary>
/// The job's commit on this machine: the server sends it as a git bundle, fetched into the agent's copy of the
/// repository (WORK/repos/NAME.git), which then serves as the repository that <c>actions/checkout</c> clones from.
/// </summary>
internal static class JobSource
{
    public static async Task<string> FetchAsync(ApiClient client, JobAssignment job, string workDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        var mirror = Path.Combine(workDirectory, "repos", job.Repository + ".git");
        if (!Directory.Exists(Path.Combine(mirror, "objects")))
        {
            Directory.CreateDirectory(mirror);
            await GitAsync(mirror, ["init", "--quiet", "--bare"], true, cancellationToken).ConfigureAwait(false);
        }

        // The run's ref points at its commit, and HEAD at the ref, as in a clone of the repository at that push.
        var reference = job.Github.TryGetProperty("ref", out var r) && r.GetString() is { } full && (full.StartsWith("refs/heads/", StringComparison.Ordinal) || full.StartsWith("refs/tags/", StringComparison.Ordinal))
            ? full
            : "refs/heads/sluice-run";
        var branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference : "refs/heads/sluice-run";
        string[] references = reference == branch ? [reference] : [reference, branch];
        if (!MirrorRefs.AllHold(mirror, references, job.Sha))
        {
            if (await GitAsync(mirror, ["cat-file", "-e", job.Sha + "^{commit}"], false, cancellationToken).ConfigureAwait(false) != 0)
            {
                await FetchBundleAsync(client, job, workDirectory, mirror, log, cancellationToken).ConfigureAwait(false);
            }

            foreach (var name in references)
            {
                await GitAsync(mirror, ["update-ref", name, job.Sha], true, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!MirrorRefs.HeadNames(mirror, branch))
        {
            await GitAsync(mirror, ["symbolic-ref", "HEAD", branch], true, cancellationToken).ConfigureAwait(false);
        }

        return mirror;
    }

    private static async Task FetchBundleAsync(ApiClient client, JobAssignment job, string workDirectory, string mirror, Action<string> log, CancellationToken cancellationToken)
    {
        log($"Fetching {job.Sha} of {job.Repository} from the server");
        var bundle = Path.Combine(workDirectory, "bundles", $"{job.JobId}-{job.Attempt}.bundle");
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
        try
        {
            using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}/source"))
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", job.LeaseToken);
                using var response = await client.SendCheckedAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                await using var file = File.Create(bundle);
                await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            await GitAsync(mirror, ["fetch", "--quiet", bundle, "+refs/sluice/commits/*:refs/sluice/commits/*"], true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    /// <summary>
    /// A folder holding the repository's action settings file (<c>.sluice/actions.yml</c> or <c>.yaml</c>) as it is
    /// at the commit, laid out as in the repository, for the settings reader; null when the commit has none.
    /// </summary>
    public static async Task<string?> ActionSettingsAsync(string mirror, string sha, string runDirectory, CancellationToken cancellationToken)
    {
        var listing = Start(mirror, ["ls-tree", "--name-only", sha, "--", .. ActionSettingsReader.RepositoryFiles]);
        using var process = Process.Start(listing) ?? throw new JobSourceException("git could not be started");
        var names = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new JobSourceException($"could not list the action settings at {sha}: {error.Trim()}");
        }

        var found = ActionSettingsReader.RepositoryFiles.FirstOrDefault(f => names.Split('\n').Contains(f, StringComparer.Ordinal));
        if (found is null)
        {
            return null;
        }

        var folder = Path.Combine(runDirectory, "repository-settings");
        var file = Path.Combine(folder, found);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, await ShowAsync(mirror, sha, found, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return folder;
    }

    public static async Task<string> ShowAsync(string mirror, string sha, string path, CancellationToken cancellationToken)
    {
        var start = Start(mirror, ["show", $"{sha}:{path}"]);
        using var process = Process.Start(start) ?? throw new JobSourceException("git could not be started");
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0 ? text : throw new JobSourceException($"could not read {path} at {sha}: {error.Trim()}");
    }

    private static async Task<int> GitAsync(string directory, string[] args, bool throwOnError, CancellationToken cancellationToken)
    {
        using var process = Process.Start(Start(directory, args)) ?? throw new JobSourceException("git could not be started");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new JobSourceException($"git {string.Join(' ', args)} failed: {(await error.ConfigureAwait(false)).Trim()}");
        }

        return process.ExitCode;
    }

    private static ProcessStartInfo Start(string directory, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        return start;
    }
}

/// <summary>The job's source could not be made ready: an infrastructure problem, not a failure of the job.</summary>
public sealed class JobSourceException(string message) : Exception(message);
