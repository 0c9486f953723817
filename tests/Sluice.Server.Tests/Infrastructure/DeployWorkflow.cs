namespace Sluice.Server.Tests.Infrastructure;

/// <summary>The smallest workflow that deploys: one job with the environment <c>production</c>, on a push.</summary>
public static class DeployWorkflow
{
    public const string ToProduction = """
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            environment: production
            steps:
              - run: echo deployed
        """;
}
