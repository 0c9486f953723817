using CsCheck;

namespace Sluice.Containers.Tests;

public sealed class ContainerOptionsPropertyTests
{
    /// <summary>Characters that stress the quoting rules, plus letters, digits and non-ASCII text.</summary>
    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.String,
        Gen.Char["-=:'\"\\ \t\n$`/ab1é✓"].Array[0, 40].Select(chars => new string(chars)),
        Gen.OneOf<string>("--", "-", "-e", "--env=", "--health-interval", "''", "\"\"", "\\", "-v ::", "--cpus 1e999", "-m 99999999999999999999p"));

    [Fact]
    public void Any_input_parses_or_fails_with_a_container_options_error_and_nothing_else()
    {
        Gen.Select(Hostile, Hostile, Hostile).Sample((a, b, c) =>
        {
            try
            {
                ContainerOptions.Parse($"{a} {b} {c}").ApplyTo(new ContainerSpec { Image = "i" }, _ => "x");
            }
            catch (ContainerOptionsException exception)
            {
                Assert.False(string.IsNullOrWhiteSpace(exception.Message));
            }
        }, iter: 5000);
    }

    [Fact]
    public void Any_env_value_survives_single_quoting()
    {
        var name = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ_"].Array[1, 12].Select(c => new string(c));
        var value = Gen.String.Where(s => !s.Contains('\0', StringComparison.Ordinal));
        Gen.Select(name, value).Sample((n, v) =>
        {
            var quoted = "'" + v.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
            var spec = new ContainerSpec { Image = "i" };

            ContainerOptions.Parse($"-e {n}={quoted}").ApplyTo(spec, _ => null);

            Assert.Equal(v, spec.Env[n]);
        }, iter: 2000);
    }

    [Fact]
    public void Any_env_value_survives_double_quoting_with_escapes()
    {
        var value = Gen.String;
        value.Sample(v =>
        {
            var escaped = string.Concat(v.Select(c => c is '"' or '\\' or '$' or '`' ? "\\" + c : c.ToString()));
            var spec = new ContainerSpec { Image = "i" };

            ContainerOptions.Parse($"--env \"V={escaped}\"").ApplyTo(spec, _ => null);

            Assert.Equal(v, spec.Env["V"]);
        }, iter: 2000);
    }

    [Fact]
    public void Durations_made_of_parts_add_up()
    {
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, 59], Gen.Int[0, 999]).Sample((m, s, ms) =>
        {
            Assert.Equal(new TimeSpan(0, 0, m, s, ms), DockerUnits.ParseDuration($"{m}m{s}s{ms}ms"));
        });
    }
}
