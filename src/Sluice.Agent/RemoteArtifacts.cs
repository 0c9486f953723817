using System.Formats.Tar;
using System.Net.Http.Headers;
using Sluice.Engine.Execution.Artifacts;
using Sluice.Protocol;

namespace Sluice.Agent;

/// <summary>
/// The run's artifacts as a job on an agent sees them: kept by the server, sent and fetched as tar streams under the
/// attempt's lease token, so that jobs of one run on different agents pass files to each other as on GitHub.
/// </summary>
internal sealed class RemoteArtifacts(ApiClient client, JobAssignment job, string runDirectory) : IRunArtifacts
{
    private string Base => $"api/v1/jobs/{job.JobId}/attempts/{job.Attempt}/artifacts";

    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken) =>
        await client.SendAsync<ClaimRequest, IReadOnlyList<string>>(HttpMethod.Get, Base, null, ProtocolJson.Default.ClaimRequest, ProtocolJson.Default.IReadOnlyListString, cancellationToken, job.LeaseToken).ConfigureAwait(false) ?? [];

    public async Task<string?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, name);
        HttpResponseMessage response;
        try
        {
            response = await client.SendCheckedAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Status == 404)
        {
            return null;
        }

        using (response)
        {
            var folder = Path.Combine(runDirectory, "fetched-artifacts", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await TarFile.ExtractToDirectoryAsync(body, folder, overwriteFiles: false, cancellationToken).ConfigureAwait(false);
            return folder;
        }
    }

    public string CreateStaging()
    {
        var staging = Path.Combine(runDirectory, "artifact-staging", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        return staging;
    }

    public async Task<ArtifactPublication> PublishAsync(string name, string staging, ExistingArtifact mode, CancellationToken cancellationToken)
    {
        var archive = staging + ".tar";
        try
        {
            await TarFile.CreateFromDirectoryAsync(staging, archive, includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
            using var request = Request(HttpMethod.Put, name, mode switch { ExistingArtifact.Replace => "replace", ExistingArtifact.Merge => "merge", _ => "refuse" });
            await using var content = File.OpenRead(archive);
            request.Content = new StreamContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
            try
            {
                using var response = await client.SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
                var published = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, ProtocolJson.Default.ArtifactPublished, cancellationToken).ConfigureAwait(false);
                return new ArtifactPublication(published!.Id, $"{client.BaseAddress}api/v1/runs/{job.RunId}/artifacts/{Uri.EscapeDataString(name)}");
            }
            catch (ApiException ex) when (ex.Status == 409 && ex.Message.Contains("already exists", StringComparison.Ordinal))
            {
                return new ArtifactPublication(null, name);
            }
        }
        finally
        {
            File.Delete(archive);
            Directory.Delete(staging, recursive: true);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string name, string? mode = null)
    {
        var request = new HttpRequestMessage(method, $"{Base}/{Uri.EscapeDataString(name)}{(mode is null ? "" : "?mode=" + mode)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", job.LeaseToken);
        return request;
    }
}
