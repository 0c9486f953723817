namespace Sluice.Containers.Tests;

public sealed class ContainerOptionsTests
{
    private static ContainerSpec Applied(string options, Func<string, string?>? environment = null)
    {
        var spec = new ContainerSpec { Image = "postgres:16" };
        ContainerOptions.Parse(options).ApplyTo(spec, environment ?? (_ => null));
        return spec;
    }

    [Fact]
    public void A_typical_service_health_check_is_read()
    {
        var spec = Applied("--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5 --health-start-period 1m30s");

        var health = Assert.IsType<HealthcheckSpec>(spec.Healthcheck);
        Assert.Equal(["CMD-SHELL", "pg_isready"], health.Test);
        Assert.Equal(TimeSpan.FromSeconds(10), health.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), health.Timeout);
        Assert.Equal(5, health.Retries);
        Assert.Equal(TimeSpan.FromSeconds(90), health.StartPeriod);
    }

    [Fact]
    public void Quoted_values_keep_their_spaces_and_quotes()
    {
        var spec = Applied("""--health-cmd "redis-cli ping | grep -q PONG" -e 'GREETING=hello "world"' --env=EMPTY=""");

        Assert.Equal(["CMD-SHELL", "redis-cli ping | grep -q PONG"], spec.Healthcheck!.Test);
        Assert.Equal("hello \"world\"", spec.Env["GREETING"]);
        Assert.Equal("", spec.Env["EMPTY"]);
    }

    [Fact]
    public void Every_supported_option_reaches_the_spec()
    {
        var spec = Applied(
            "-e A=1 --env B=2 -eC=3 -u 1000:1000 -h db --network-alias database --network-alias pg --cpus 1.5 -m 512m -w /work "
            + "--entrypoint /bin/sh --privileged --cap-add NET_ADMIN --tmpfs /run:size=64m --tmpfs /scratch -v /srv:/data:ro "
            + "--volume=/a:/b -l team=ci --label flag --add-host db.local:10.0.0.5 --add-host cache=10.0.0.6",
            name => name == "FROM_HOST" ? "x" : null);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2", ["C"] = "3" }, spec.Env);
        Assert.Equal("1000:1000", spec.User);
        Assert.Equal("db", spec.Hostname);
        Assert.Equal(["database", "pg"], spec.NetworkAliases);
        Assert.Equal(1_500_000_000, spec.NanoCpus);
        Assert.Equal(512L * 1024 * 1024, spec.Memory);
        Assert.Equal("/work", spec.WorkingDir);
        Assert.Equal(["/bin/sh"], spec.Entrypoint);
        Assert.True(spec.Privileged);
        Assert.Equal(["NET_ADMIN"], spec.CapAdd);
        Assert.Equal(new Dictionary<string, string> { ["/run"] = "size=64m", ["/scratch"] = "" }, spec.Tmpfs);
        Assert.Equal(["/srv:/data:ro", "/a:/b"], spec.Binds);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "ci", ["flag"] = "" }, spec.Labels);
        Assert.Equal(["db.local:10.0.0.5", "cache:10.0.0.6"], spec.ExtraHosts);
    }

    [Fact]
    public void A_bare_env_name_takes_its_value_from_sluice_s_environment_or_is_left_out()
    {
        var spec = Applied("-e FROM_HOST -e NOT_SET", name => name == "FROM_HOST" ? "from host" : null);

        Assert.Equal(new Dictionary<string, string> { ["FROM_HOST"] = "from host" }, spec.Env);
    }

    [Fact]
    public void Options_override_the_spec_s_scalars_and_add_to_its_lists()
    {
        var spec = new ContainerSpec { Image = "i", User = "root", Healthcheck = HealthcheckSpec.Shell("true") };
        spec.NetworkAliases.Add("svc");

        ContainerOptions.Parse("--user 1000 --network-alias extra --health-retries 9").ApplyTo(spec, _ => null);

        Assert.Equal("1000", spec.User);
        Assert.Equal(["svc", "extra"], spec.NetworkAliases);
        Assert.Equal(["CMD-SHELL", "true"], spec.Healthcheck!.Test);
        Assert.Equal(9, spec.Healthcheck.Retries);
    }

    [Fact]
    public void No_healthcheck_turns_the_image_s_check_off()
    {
        Assert.Equal(["NONE"], Applied("--no-healthcheck").Healthcheck!.Test);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void No_options_change_nothing(string? options)
    {
        var spec = new ContainerSpec { Image = "i" };
        ContainerOptions.Parse(options).ApplyTo(spec, _ => null);

        Assert.Null(spec.Healthcheck);
        Assert.Empty(spec.Env);
        Assert.Null(spec.User);
    }

    [Theory]
    [InlineData("--rm", "--rm")]
    [InlineData("--network host", "--network")]
    [InlineData("-it", "-i")]
    [InlineData("-p 8080:80", "-p")]
    [InlineData("--health-cmd=true --restart always", "--restart")]
    public void An_unsupported_option_is_named_and_the_supported_ones_listed(string options, string named)
    {
        var error = Assert.Throws<ContainerOptionsException>(() => ContainerOptions.Parse(options));

        Assert.Equal(named, error.Option);
        Assert.Contains($"container option {named} is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("--health-cmd", error.Message, StringComparison.Ordinal);
        Assert.Contains("-e/--env", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_name_option_is_refused_because_sluice_names_containers()
    {
        var error = Assert.Throws<ContainerOptionsException>(() => ContainerOptions.Parse("--name my-db"));

        Assert.Equal("--name", error.Option);
        Assert.Contains("Sluice names the containers", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--health-interval 10", "--health-interval", "duration")]
    [InlineData("--health-interval=-5s", "--health-interval", "duration")]
    [InlineData("--health-retries many", "--health-retries", "whole number")]
    [InlineData("--cpus 0", "--cpus", "number of CPUs")]
    [InlineData("--memory lots", "--memory", "size")]
    [InlineData("-m 1x", "-m", "size")]
    [InlineData("--workdir relative/dir", "--workdir", "absolute path")]
    [InlineData("-v /only-one-part", "-v", "host-path:container-path")]
    [InlineData("-v /host:relative", "-v", "host-path:container-path")]
    [InlineData("--add-host nocolon", "--add-host", "hostname:ip")]
    [InlineData("-e =value", "-e", "NAME=value")]
    [InlineData("-e A\\ B=c", "-e", "no blanks")]
    [InlineData("--privileged=maybe", "--privileged", "true or false")]
    [InlineData("--tmpfs relative", "--tmpfs", "absolute path")]
    [InlineData("--label =x", "--label", "key=value")]
    public void A_malformed_value_is_named_with_what_was_expected(string options, string flag, string expected)
    {
        var error = Assert.Throws<ContainerOptionsException>(() => ContainerOptions.Parse(options));

        Assert.Equal(flag, error.Option);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-e", "-e")]
    [InlineData("--health-cmd", "--health-cmd")]
    public void An_option_missing_its_value_says_so(string options, string flag)
    {
        var error = Assert.Throws<ContainerOptionsException>(() => ContainerOptions.Parse(options));

        Assert.Contains($"{flag} needs a value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--health-cmd 'unclosed", "single quote")]
    [InlineData("-e \"A=1", "double quote")]
    [InlineData("-e A=1 \\", "backslash")]
    [InlineData("stray", "unexpected 'stray'")]
    [InlineData("--privileged true", "unexpected 'true'")]
    public void Broken_quoting_and_stray_words_are_explained(string options, string explained)
    {
        var error = Assert.Throws<ContainerOptionsException>(() => ContainerOptions.Parse(options));

        Assert.Contains(explained, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_gives_the_message_instead_of_throwing()
    {
        Assert.False(ContainerOptions.TryParse("--rm", out _, out var error));
        Assert.Contains("--rm", error, StringComparison.Ordinal);
        Assert.True(ContainerOptions.TryParse("-e A=1", out var parsed, out error));
        Assert.Null(error);
        Assert.Equal([("A", (string?)"1")], parsed.Env);
    }

    [Fact]
    public void The_supported_list_names_every_option_once()
    {
        Assert.Contains("-e, --env", ContainerOptions.Supported);
        Assert.Contains("--health-start-period", ContainerOptions.Supported);
        Assert.Equal(ContainerOptions.Supported.Count, ContainerOptions.Supported.Distinct().Count());
    }
}
