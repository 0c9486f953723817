namespace Sluice.Cli.Tests.Deployments;

/// <summary>Bad input to <c>sluice dora</c> and <c>sluice deployments</c> is a usage error before any request is sent.</summary>
public sealed class DeploymentUsageTests
{
    // Nothing listens there: a command that tried to send would fail with exit 1, not 2.
    private static readonly string[] Nowhere = ["--server", "http://127.0.0.1:9", "--token", "unused"];

    [Theory]
    [InlineData("0d")]
    [InlineData("366d")]
    [InlineData("30")]
    [InlineData("4w")]
    public void A_period_other_than_1_to_365_days_is_a_usage_error(string since)
    {
        var (code, error) = Run(["dora", "shop", "--since", since, .. Nowhere]);

        Assert.Equal(2, code);
        Assert.Equal($"sluice: error: --since takes a number of days from 1 to 365 such as 30d, not '{since}'", error);
    }

    [Fact]
    public void Rejecting_without_a_comment_is_a_usage_error()
    {
        var (code, error) = Run(["deployments", "reject", "5", .. Nowhere]);

        Assert.Equal(2, code);
        Assert.Contains("--comment", error, StringComparison.Ordinal);
        Assert.Equal((2, "sluice: error: reject needs a --comment saying why"), Run(["deployments", "reject", "5", "--comment", "  ", .. Nowhere]));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    public void A_limit_other_than_1_to_500_is_a_usage_error(string limit)
    {
        Assert.Equal((2, $"sluice: error: --limit takes 1 to 500, not {limit}"), Run(["deployments", "shop", "--limit", limit, .. Nowhere]));
    }

    private static (int Code, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SluiceCli.Run(args, new CliConsole(output, error, () => TextReader.Null));
        return (code, error.ToString().Split('\n')[0].TrimEnd());
    }
}
