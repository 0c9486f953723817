namespace Sluice.Workflows.Tests.Reading;

public sealed class LocalWorkflowResolverTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("sluice-repo-").FullName;

    public LocalWorkflowResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(_repo, ".github", "workflows"));
        File.WriteAllText(Path.Combine(_repo, ".github", "workflows", "deploy.yml"), "on:\n  workflow_call:\n    secrets:\n      token: { required: true }\njobs:\n  d:\n    runs-on: x\n    steps: [{ run: echo }]\n");
    }

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    [Theory]
    [InlineData("./.github/workflows/deploy.yml")]
    [InlineData("$/.github/workflows/deploy.yml")]
    public void A_local_reusable_workflow_is_read_from_the_repository(string reference)
    {
        var reader = new WorkflowReader(LocalWorkflowResolver.OptionsFor(_repo));
        var result = reader.Read("ci.yml", $"on: push\njobs:\n  call:\n    uses: {reference}\n");

        Assert.Equal("Secret token is required, but not provided while calling.", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void The_options_given_are_kept_beside_the_resolver()
    {
        var options = LocalWorkflowResolver.OptionsFor(_repo, new WorkflowReaderOptions { AllowBackgroundSteps = true, MaxJobs = 7 });

        Assert.True(options.AllowBackgroundSteps);
        Assert.Equal(7, options.MaxJobs);
        Assert.NotNull(options.ResolveReusableWorkflow);
    }

    [Theory]
    [InlineData("./../outside.yml")]
    [InlineData("./.github/workflows/../../../etc/passwd")]
    [InlineData("owner/repo/.github/workflows/deploy.yml@v1")]
    [InlineData("./.github/workflows/missing.yml")]
    [InlineData("$/../outside.yml")]
    public void References_outside_the_repository_or_remote_resolve_to_nothing(string reference)
    {
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(_repo)!, "outside.yml"), "on: workflow_call\njobs: {}\n");
        Assert.Null(new LocalWorkflowResolver(_repo).Resolve(reference));
    }
}
