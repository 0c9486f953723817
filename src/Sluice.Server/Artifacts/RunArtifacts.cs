using System.Formats.Tar;
using System.Globalization;
using System.IO.Pipelines;
using Sluice.Engine.Execution.Artifacts;
using Sluice.Server.Storage.Blobs;

namespace Sluice.Server.Artifacts;

/// <summary>
/// The runs' artifacts in the server's blob store, so that every replica serves what a job uploaded through any of
/// them. An upload is one tar blob, <c>artifacts/RUN/NAME/NUMBER.tar</c>, numbered by the store in upload order: v4's
/// <c>overwrite</c> writes a new one and drops the older, v3's merging uploads add theirs beside it, and a download of
/// several unpacks them in order (later files win) into one tar. The artifact's id is its first upload's number.
/// Uploads are unpacked into a staging folder first (the caller's), so that a hostile tar is refused before it is kept.
/// </summary>
public sealed class RunArtifacts(IBlobStore blobs, string temporary)
{
    // Jobs of one run upload in parallel; the check for an existing name and the write must not interleave on a server.
    private static readonly SemaphoreSlim Publishing = new(1, 1);

    /// <summary>A new empty folder to unpack an upload into, on this server's own disk.</summary>
    public string CreateStaging()
    {
        var staging = Path.Combine(temporary, "artifacts", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        return staging;
    }

    public async Task<IReadOnlyList<string>> NamesAsync(long run, CancellationToken cancellationToken) =>
        [.. (await blobs.ListAsync(RunPrefix(run), cancellationToken).ConfigureAwait(false))
            .Select(blob => blob.Name.Split('/')[2]).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Keeps a filled staging folder (deleted afterwards) as the artifact <paramref name="name"/> and returns its id, or
    /// null when the name is taken and <paramref name="mode"/> refuses (v4 without <c>overwrite</c>).
    /// </summary>
    public async Task<int?> PublishAsync(long run, string name, string staging, ExistingArtifact mode, CancellationToken cancellationToken)
    {
        try
        {
            await Publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var before = await PartsAsync(run, name, cancellationToken).ConfigureAwait(false);
                if (before.Count > 0 && mode == ExistingArtifact.Refuse)
                {
                    return null;
                }

                var number = await blobs.NextNumberAsync(cancellationToken).ConfigureAwait(false);
                await WriteTarAsync($"{ArtifactPrefix(run, name)}{number:D19}.tar", staging, cancellationToken).ConfigureAwait(false);
                if (mode == ExistingArtifact.Merge && before.Count > 0)
                {
                    return IdOf(before[0]);
                }

                foreach (var older in before)
                {
                    await blobs.DeleteAsync(older, cancellationToken).ConfigureAwait(false);
                }

                return checked((int)number);
            }
            finally
            {
                Publishing.Release();
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Writes the artifact as one tar to <paramref name="destination"/>; false when the run has no such artifact.</summary>
    public async Task<bool> SendAsync(long run, string name, Func<long?, Stream> destination, CancellationToken cancellationToken)
    {
        var parts = await PartsAsync(run, name, cancellationToken).ConfigureAwait(false);
        if (parts.Count == 1 && await blobs.OpenAsync(parts[0], cancellationToken).ConfigureAwait(false) is { } single)
        {
            await using (single)
            {
                await single.CopyToAsync(destination(single.Length), cancellationToken).ConfigureAwait(false);
                return true;
            }
        }

        if (parts.Count == 0)
        {
            return false;
        }

        var folder = CreateStaging();
        try
        {
            foreach (var part in parts)
            {
                if (await blobs.OpenAsync(part, cancellationToken).ConfigureAwait(false) is { } tar)
                {
                    await using (tar)
                    {
                        await TarFile.ExtractToDirectoryAsync(tar, folder, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await TarFile.CreateFromDirectoryAsync(folder, destination(null), includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Copies every artifact of one run to another (a re-run of failed jobs keeps the artifacts of the jobs it does not run).</summary>
    public async Task CopyAsync(long from, long to, CancellationToken cancellationToken)
    {
        foreach (var blob in await blobs.ListAsync(RunPrefix(from), cancellationToken).ConfigureAwait(false))
        {
            if (await blobs.OpenAsync(blob.Name, cancellationToken).ConfigureAwait(false) is { } content)
            {
                await using (content)
                {
                    await blobs.WriteAsync(RunPrefix(to) + blob.Name[RunPrefix(from).Length..], content, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Deletes a run's artifacts (retention, a removed repository); returns how many uploads there were.</summary>
    public Task<int> DeleteAsync(long run, CancellationToken cancellationToken) => blobs.DeleteUnderAsync(RunPrefix(run), cancellationToken);

    private async Task<List<string>> PartsAsync(long run, string name, CancellationToken cancellationToken) =>
        [.. (await blobs.ListAsync(ArtifactPrefix(run, name), cancellationToken).ConfigureAwait(false)).Select(blob => blob.Name)];

    /// <summary>Tars the staging folder straight into the store, without a second copy on disk.</summary>
    private async Task WriteTarAsync(string blob, string staging, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var producing = Task.Run(
            async () =>
            {
                try
                {
                    await using (var writer = pipe.Writer.AsStream(leaveOpen: true))
                    {
                        await TarFile.CreateFromDirectoryAsync(staging, writer, includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
                    }

                    await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    await pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
                }
            },
            CancellationToken.None);
        try
        {
            await using var reader = pipe.Reader.AsStream();
            await blobs.WriteAsync(blob, reader, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            await producing.ConfigureAwait(false);
        }
    }

    private static int IdOf(string part) => checked((int)long.Parse(Path.GetFileNameWithoutExtension(part), NumberStyles.None, CultureInfo.InvariantCulture));

    private static string RunPrefix(long run) => $"artifacts/{run.ToString(CultureInfo.InvariantCulture)}/";

    private static string ArtifactPrefix(long run, string name) => $"{RunPrefix(run)}{name}/";
}
