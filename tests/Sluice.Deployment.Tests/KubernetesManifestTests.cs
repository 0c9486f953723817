namespace Sluice.Deployment.Tests;

/// <summary>
/// deploy/kubernetes checked without a cluster by deploy/kubernetes/check.sh: rendered by kubectl's kustomize and each
/// object checked against the Kubernetes API's types. Skipped, with the reason, only when kubectl or the types cannot
/// be installed.
/// </summary>
public sealed class KubernetesManifestTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private readonly string _broken = Directory.CreateTempSubdirectory("sluice-manifests-").FullName;

    [SkippableFact]
    public async Task The_manifests_render_and_every_object_fits_the_kubernetes_types()
    {
        var check = await CheckAsync();

        Assert.True(check.ExitCode == 0, check.Describe());
        Assert.Equal(
            ["Deployment/sluice-agent ok", "Deployment/sluice-server ok", "Secret/sluice ok", "Service/sluice-server ok"],
            check.Stdout.Split('\n').Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_server_replicas_are_probed_on_readyz_and_healthz_and_read_the_database_url_from_the_secret()
    {
        var server = File.ReadAllText(Path.Combine(Tool.RepositoryRoot, "deploy", "kubernetes", "server.yaml"));

        Assert.Matches(@"readinessProbe:\s+httpGet:\s+path: /readyz", server);
        Assert.Matches(@"livenessProbe:\s+httpGet:\s+path: /healthz", server);
        Assert.Matches(@"replicas: [2-9]", server);
        Assert.Matches(@"- name: SLUICE_DATABASE_URL\s+valueFrom:\s+secretKeyRef:\s+name: sluice\s+key: database-url", server);
        Assert.Matches(@"- name: SLUICE_SECRETS_KEY\s+valueFrom:\s+secretKeyRef:\s+name: sluice\s+key: secrets-key", server);

        // Blobs are in the database: each replica's data folder is its own, and no volume is shared.
        Assert.Matches(@"- name: data\s+emptyDir:", server);
        Assert.DoesNotContain("persistentVolumeClaim", server, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_misspelled_field_and_a_value_of_the_wrong_kind_are_each_reported_with_their_path()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Tool.RepositoryRoot, "deploy", "kubernetes"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(_broken, Path.GetFileName(file)));
        }

        var server = Path.Combine(_broken, "server.yaml");
        File.WriteAllText(server, File.ReadAllText(server)
            .Replace("readinessProbe:", "readinesProbe:", StringComparison.Ordinal)
            .Replace("replicas: 2", "replicas: \"2\"", StringComparison.Ordinal));

        var check = await CheckAsync(_broken);

        Assert.True(check.ExitCode == 1, check.Describe());
        Assert.Contains("Deployment/sluice-server.spec.template.spec.containers[0].readinesProbe: V1Container has no field 'readinesProbe' (did you mean readinessProbe?)", check.Stderr, StringComparison.Ordinal);
        Assert.Contains("Deployment/sluice-server.spec.replicas: '2' is not an integer", check.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Deployment/sluice-server ok", check.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_broken, recursive: true);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> CheckAsync(params string[] args)
    {
        var check = await Tool.RunAsync(Patience, Path.Combine(Tool.RepositoryRoot, "deploy", "kubernetes", "check.sh"), args);
        Skip.If(check.ExitCode == 3, $"the manifests cannot be checked here: {check.Stderr}");
        return check;
    }
}
