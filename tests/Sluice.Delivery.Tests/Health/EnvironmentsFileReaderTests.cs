using Sluice.Delivery.Health;

namespace Sluice.Delivery.Tests.Health;

public class EnvironmentsFileReaderTests
{
    private const string Path = ".sluice/environments.yml";

    private const string Example = """
        environments:
          production:                      # names compared without regard to case
            prometheus: http://127.0.0.1:9090
            window: 5m
            interval: 15s
            failure-limit: 1
            inconclusive-limit: 3
            queries:
              error_rate: sum(rate(shop_requests_total{code=~"5.."}[1m])) / sum(rate(shop_requests_total[1m]))
              p95: histogram_quantile(0.95, sum by (le) (rate(shop_request_duration_seconds_bucket[1m])))
            probes:
              home: { url: http://127.0.0.1:18082/healthz, status: 200, timeout: 2s }
            conditions:
              - error rate under 5%: queries.error_rate < 0.05
              - p95 under 300 ms: queries.p95 < 0.3
              - home answers: probes.home.ok
            rollback:
              workflow: rollback.yml
        """;

    [Fact]
    public void The_documented_example_reads_into_every_setting()
    {
        var read = EnvironmentsFileReader.Read(Path, Example);

        Assert.Empty(read.Errors);
        var production = read.File!.Find("PRODUCTION");
        Assert.NotNull(production);
        Assert.Equal("production", production.Name);
        Assert.Equal(new Uri("http://127.0.0.1:9090"), production.Prometheus);
        Assert.Equal(TimeSpan.FromMinutes(5), production.Window);
        Assert.Equal(TimeSpan.FromSeconds(15), production.Interval);
        Assert.Equal(1, production.FailureLimit);
        Assert.Equal(3, production.InconclusiveLimit);
        Assert.Equal("sum(rate(shop_requests_total{code=~\"5..\"}[1m])) / sum(rate(shop_requests_total[1m]))", production.Queries["error_rate"]);
        Assert.Equal(2, production.Queries.Count);
        Assert.Equal(new HttpProbe(new Uri("http://127.0.0.1:18082/healthz"), 200, TimeSpan.FromSeconds(2)), production.Probes["HOME"]);
        Assert.Equal(
            [
                new HealthCondition("error rate under 5%", "queries.error_rate < 0.05", 14),
                new HealthCondition("p95 under 300 ms", "queries.p95 < 0.3", 15),
                new HealthCondition("home answers", "probes.home.ok", 16),
            ],
            production.Conditions);
        Assert.Equal("rollback.yml", production.RollbackWorkflow);
        Assert.Null(read.File.Find("staging"));
    }

    [Fact]
    public void Conditions_take_the_quality_gates_shapes_and_settings_have_defaults()
    {
        var read = EnvironmentsFileReader.Read(Path, """
            environments:
              staging:
                probes:
                  home: http://127.0.0.1:8080/
                conditions:
                  - probes.home.ok
                  - name: Fast enough
                    condition: probes['home'].seconds < 1 && probes.home.status == 200
            """);

        Assert.Empty(read.Errors);
        var staging = read.File!.Find("staging")!;
        Assert.Null(staging.Prometheus);
        Assert.Equal(TimeSpan.FromMinutes(5), staging.Window);
        Assert.Equal(TimeSpan.FromSeconds(15), staging.Interval);
        Assert.Equal(0, staging.FailureLimit);
        Assert.Equal(2, staging.InconclusiveLimit);
        Assert.Equal(new HttpProbe(new Uri("http://127.0.0.1:8080/"), 200, TimeSpan.FromSeconds(5)), staging.Probes["home"]);
        Assert.Equal(["probes.home.ok", "Fast enough"], staging.Conditions.Select(c => c.Name));
        Assert.Null(staging.RollbackWorkflow);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("environments:\n")]
    public void An_empty_file_declares_no_environments(string text)
    {
        var read = EnvironmentsFileReader.Read(Path, text);

        Assert.Empty(read.Errors);
        Assert.Empty(read.File!.Environments);
    }

    [Theory]
    [InlineData("window: 5", "'window' is a duration")]
    [InlineData("window: 5x", "'window' is a duration")]
    [InlineData("window: 0s", "from 1s to 24h")]
    [InlineData("window: 25h", "from 1s to 24h")]
    [InlineData("interval: [1s]", "not a list or mapping")]
    [InlineData("window: 10s\n    interval: 30s", "the window (10s) is shorter than the interval between samples (30s)")]
    [InlineData("failure-limit: -1", "'failure-limit' is a whole number from 0 to 1000")]
    [InlineData("inconclusive-limit: two", "'inconclusive-limit' is a whole number")]
    [InlineData("prometheus: ftp://example.com", "'prometheus' needs an http:// or https:// URL")]
    [InlineData("prometheus: /relative", "'prometheus' needs an http:// or https:// URL")]
    [InlineData("colour: blue", "unknown key 'colour' in the environment 'production'")]
    [InlineData("rollback: rollback.yml", "'rollback' is a mapping")]
    [InlineData("rollback: { workflow: ../../etc/passwd }", "'rollback.workflow' is the file name of a workflow")]
    [InlineData("rollback: { workflow: a.yml, when: always }", "unknown key 'when' in 'rollback'")]
    public void A_bad_setting_is_named_with_its_line_and_what_to_write(string setting, string message)
    {
        var read = EnvironmentsFileReader.Read(Path, $"""
            environments:
              production:
                {setting}
                prometheus: http://127.0.0.1:9090
                queries: {"{"} errors: up {"}"}
                conditions: [ queries.errors == 1 ]
            """.Replace("prometheus: http://127.0.0.1:9090", setting.StartsWith("prometheus", StringComparison.Ordinal) ? "" : "prometheus: http://127.0.0.1:9090", StringComparison.Ordinal));

        Assert.Null(read.File);
        var error = Assert.Single(read.Errors);
        Assert.StartsWith($"{Path}:", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- queries.errors <", "the condition 'queries.errors <' does not parse")]
    [InlineData("- queries.latency < 1", "it reads queries.latency, which is not declared; declare it under 'queries' (declared: errors)")]
    [InlineData("- probes.web.ok", "it reads probes.web, which is not declared; declare it under 'probes' (declared: home)")]
    [InlineData("- probes.home", "a probe has 'ok', 'status' and 'seconds'")]
    [InlineData("- probes.home.body == 'x'", "a probe has 'ok', 'status' and 'seconds'")]
    [InlineData("- toJSON(queries) != ''", "it reads 'queries' or 'probes' whole")]
    [InlineData("- 1 == 1", "it reads no query or probe")]
    [InlineData("- github.sha == 'x'", "does not parse")]
    [InlineData("- success()", "does not parse")]
    [InlineData("- name: no condition", "this condition needs 'condition'")]
    [InlineData("- { condition: probes.home.ok, when: always }", "unknown key 'when' in a condition")]
    [InlineData("- [ probes.home.ok ]", "each condition is an expression")]
    [InlineData("- nothing:", "the condition 'nothing' needs an expression")]
    public void A_condition_that_cannot_be_judged_is_named_with_its_line(string conditions, string message)
    {
        var read = EnvironmentsFileReader.Read(Path, $"""
            environments:
              production:
                prometheus: http://127.0.0.1:9090
                queries: {"{"} errors: up {"}"}
                probes: {"{"} home: http://127.0.0.1:1/ {"}"}
                conditions:
                  {conditions}
            """);

        Assert.Null(read.File);
        var error = Assert.Single(read.Errors);
        Assert.StartsWith($"{Path}:7: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_conditions_of_one_name_are_refused_at_the_second()
    {
        var read = EnvironmentsFileReader.Read(Path, """
            environments:
              production:
                probes: { home: http://127.0.0.1:1/ }
                conditions:
                  - same: probes.home.ok
                  - Same: probes.home.status == 200
            """);

        Assert.Equal([$"{Path}:6: two conditions are named 'Same' (the other on line 5); give each its own name."], read.Errors);
    }

    [Fact]
    public void Names_in_string_literals_are_not_references()
    {
        var read = EnvironmentsFileReader.Read(Path, """
            environments:
              production:
                probes: { home: http://127.0.0.1:1/ }
                conditions:
                  - probes.home.ok && format('queries.nothing {0}', probes.home.status) != 'probes'
            """);

        Assert.Empty(read.Errors);
    }

    [Theory]
    [InlineData("probes: { home: { url: mailto:me@example.com } }", "the probe 'home' needs an http:// or https:// URL")]
    [InlineData("probes: { home: { status: 200 } }", "the probe 'home' needs a 'url'")]
    [InlineData("probes: { home: { url: http://a/, status: 99 } }", "an HTTP status code from 100 to 599, not 99")]
    [InlineData("probes: { home: { url: http://a/, timeout: 2m } }", "'timeout' is a duration from 1s to 1m")]
    [InlineData("probes: { home: { url: http://a/, method: POST } }", "unknown key 'method' in the probe 'home'")]
    [InlineData("probes: { home: [http://a/] }", "the probe 'home' is a URL, or a mapping")]
    [InlineData("probes: [ http://a/ ]", "'probes' maps a name to an HTTP probe")]
    [InlineData("probes: { home: http://a/, HOME: http://b/ }", "the probe 'HOME' is declared twice")]
    [InlineData("probes: { home: http://a/, 'bad name': http://b/ }", "'bad name' cannot name a probe")]
    public void A_bad_probe_is_named_with_its_line(string probes, string message)
    {
        var read = EnvironmentsFileReader.Read(Path, $"""
            environments:
              production:
                {probes}
                conditions: [ probes.home.ok ]
            """);

        Assert.Null(read.File);
        Assert.Contains(read.Errors, e => e.StartsWith($"{Path}:3: ", StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("queries: [ up ]", "'queries' maps a name to a PromQL query")]
    [InlineData("queries: { errors: }", "the query 'errors' is a PromQL expression")]
    [InlineData("queries: { errors: up, Errors: up }", "the query 'Errors' is declared twice")]
    [InlineData("queries: { 9lives: up }", "'9lives' cannot name a query")]
    public void A_bad_query_is_named_with_its_line(string queries, string message)
    {
        var read = EnvironmentsFileReader.Read(Path, $"""
            environments:
              production:
                prometheus: http://127.0.0.1:9090
                {queries}
                conditions: [ "queries.errors == 0" ]
            """);

        Assert.Null(read.File);
        Assert.Contains(read.Errors, e => e.StartsWith($"{Path}:4: ", StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Queries_need_a_prometheus_and_an_environment_needs_conditions()
    {
        var read = EnvironmentsFileReader.Read(Path, """
            environments:
              production:
                queries: { errors: up }
              staging: {}
              test: nothing
            """);

        Assert.Null(read.File);
        Assert.Equal(
            [
                $"{Path}:3: the environment 'production' has queries but no 'prometheus': give the URL of the Prometheus that answers them, such as http://127.0.0.1:9090.",
                $"{Path}:3: the environment 'production' has no 'conditions': add the conditions that must hold after a deploy, such as '- queries.error_rate < 0.05'.",
                $"{Path}:4: the environment 'staging' has no 'conditions': add the conditions that must hold after a deploy, such as '- queries.error_rate < 0.05'.",
                $"{Path}:5: the environment 'test' needs settings: at least 'conditions', and the 'queries' or 'probes' they read.",
            ],
            read.Errors);
    }

    [Theory]
    [InlineData("environments:\n  production: {}\n  Production: {}\n", ":3: the environment 'Production' is declared twice (first on line 2")]
    [InlineData("environments:\n  production: {}\n  production: {}\n", ":3: the key 'production' appears twice (first on line 2)")]
    [InlineData("environments: {}\nenvironments: {}\n", ":2: the key 'environments' appears twice")]
    [InlineData("deployments: {}\n", ":1: unknown key 'deployments'. An environments file has one key, 'environments'.")]
    [InlineData("- production\n", ":1: an environments file is a mapping with one key, 'environments'.")]
    [InlineData("environments: [production]\n", ":1: 'environments' maps each environment's name to its settings.")]
    [InlineData("environments:\n  '': {}\n", ":2: an environment needs a name.")]
    [InlineData("environments: {\n", "not valid YAML")]
    [InlineData("a: 1\n---\nb: 2\n", ":2: the file holds more than one YAML document")]
    [InlineData("environments:\n  ? [a]\n  : {}\n", ":2: a key here is a mapping or a list")]
    public void A_malformed_file_is_refused_with_its_line(string text, string message)
    {
        var read = EnvironmentsFileReader.Read(Path, text);

        Assert.Null(read.File);
        Assert.Contains(read.Errors, e => e.StartsWith(Path, StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("queries", "more than 100 queries")]
    [InlineData("probes", "more than 100 probes")]
    [InlineData("conditions", "more than 100 conditions")]
    public void More_than_a_hundred_queries_probes_or_conditions_are_refused(string key, string message)
    {
        var entries = string.Concat(Enumerable.Range(0, 101).Select(i => key switch
        {
            "queries" => $"      q{i}: up\n",
            "probes" => $"      p{i}: http://127.0.0.1:1/\n",
            _ => $"      - c{i}: probes.p.ok\n",
        }));

        var read = EnvironmentsFileReader.Read(Path, $"environments:\n  production:\n    prometheus: http://127.0.0.1:9090\n    {key}:\n{entries}");

        Assert.Contains(read.Errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_larger_than_a_mebibyte_is_refused_unread()
    {
        var read = EnvironmentsFileReader.Read(Path, "# " + new string('x', EnvironmentsFileReader.MaxFileBytes));

        Assert.Equal([$"{Path}: the file is larger than 1048576 bytes; an environments file is a few kilobytes. Is it the right file?"], read.Errors);
    }

    [Fact]
    public void Multibyte_text_is_measured_in_bytes()
    {
        var read = EnvironmentsFileReader.Read(Path, "# " + new string('é', (EnvironmentsFileReader.MaxFileBytes / 2) + 1));

        Assert.Contains("larger than", Assert.Single(read.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_its_first_anchor()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(0, 9).Select(i => $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n"));

        var read = EnvironmentsFileReader.Read(Path, bomb);

        Assert.Equal([$"{Path}:1: anchors and aliases (& and *) are not allowed in an environments file; write the values out."], read.Errors);
    }

    [Fact]
    public void A_negation_must_be_quoted_since_yaml_reads_it_as_a_tag()
    {
        const string Negated = """
            environments:
              production:
                probes: { home: http://127.0.0.1:1/ }
                conditions:
                  - @
            """;

        var tagged = EnvironmentsFileReader.Read(Path, Negated.Replace("@", "!probes.home.ok", StringComparison.Ordinal));
        var quoted = EnvironmentsFileReader.Read(Path, Negated.Replace("@", "\"!probes.home.ok\"", StringComparison.Ordinal));

        Assert.Equal([$"{Path}:5: YAML tags (!probes.home.ok) are not used in an environments file; quote a value that starts with '!', such as \"!probes.home.ok\"."], tagged.Errors);
        Assert.Equal("!probes.home.ok", Assert.Single(quoted.File!.Find("production")!.Conditions).Expression);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);

        var read = EnvironmentsFileReader.Read(Path, deep);

        Assert.Contains("nested more than 16 deep", Assert.Single(read.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_flood_of_values_is_refused()
    {
        var flood = "environments:\n  production:\n    queries:\n" + string.Concat(Enumerable.Range(0, 30_000).Select(i => $"      - {i}\n"));

        var read = EnvironmentsFileReader.Read(Path, flood);

        Assert.Contains("more than 20000 values", Assert.Single(read.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var read = EnvironmentsFileReader.Read(Path, """
            environments:
              production:
                window: soon
                interval: often
                probes: { home: http://127.0.0.1:1/ }
                conditions: [ probes.home.ok ]
              staging:
                probes: { home: http://127.0.0.1:1/ }
                conditions: [ probes.away.ok ]
            """);

        Assert.Equal([3, 4, 9], read.Errors.Select(e => int.Parse(e.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }
}
