using System.Net.Http.Headers;
using Sluice.Engine.Execution.Cache;
using Sluice.Protocol;

namespace Sluice.Agent;

/// <summary>
/// The repository's caches as a job on an agent sees them: kept by the server, looked up, fetched and saved under the
/// attempt's lease token, so that a cache saved on one agent is restored on another as on GitHub. The server decides
/// which entries the run may see (its branch, then the base and default branches). An archive is written to a file
/// of the job's run folder before it is sent, so that the server is told its size and nothing is held in memory.
/// </summary>
internal sealed class RemoteCaches(ApiClient client, JobAssignment job, string runDirectory) : ICacheStorage
{
    private string Base => $"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}/caches";

    public async Task<CacheMatch?> FindAsync(string key, IReadOnlyList<string> restoreKeys, string version, CancellationToken cancellationToken)
    {
        var query = $"?key={Uri.EscapeDataString(key)}&version={Uri.EscapeDataString(version)}" + string.Concat(restoreKeys.Select(k => "&restoreKeys=" + Uri.EscapeDataString(k)));
        var found = await Guarded(() => client.SendAsync<ClaimRequest, CacheEntryView>(HttpMethod.Get, Base + query, null, ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.CacheEntryView, cancellationToken, job.LeaseToken)).ConfigureAwait(false);
        return found is null ? null : new CacheMatch(found.Key, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task ReadAsync(CacheMatch match, Func<Stream, CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"{Base}/{Uri.EscapeDataString(match.Id)}");
        using var response = await Guarded(() => client.SendCheckedAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead)).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await read(body, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CacheSaveResult> SaveAsync(string key, string version, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runDirectory);
        var archive = Path.Combine(runDirectory, $"cache-{Guid.NewGuid():N}.tar.gz");
        try
        {
            await using (var file = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(file, cancellationToken).ConfigureAwait(false);
            }

            using var request = Request(HttpMethod.Put, $"{Base}?key={Uri.EscapeDataString(key)}&version={Uri.EscapeDataString(version)}");
            await using var content = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            request.Content = new StreamContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            // The server refuses a key saved already, or an archive over its limit, from the headers: then nothing is sent.
            request.Headers.ExpectContinue = true;
            try
            {
                using var response = await client.SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
                return new CacheSaveResult(true, []);
            }
            catch (ApiException ex) when (ex.Status == 409)
            {
                return new CacheSaveResult(false, []);
            }
            catch (ApiException ex)
            {
                throw new IOException(Describe(ex), ex);
            }
        }
        finally
        {
            File.Delete(archive);
        }
    }

    /// <summary>A server that refuses or cannot be reached is a storage failure: the cache action warns and goes on, as on GitHub.</summary>
    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            throw new IOException(Describe(ex), ex);
        }
    }

    private static string Describe(ApiException ex) => ex.Status == 0 ? ex.Message : $"the server answered {ex.Status}: {ex.Message}";

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", job.LeaseToken);
        return request;
    }
}
