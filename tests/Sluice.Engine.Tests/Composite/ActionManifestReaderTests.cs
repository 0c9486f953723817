using Sluice.Engine.Execution.Composite;

namespace Sluice.Engine.Tests.Composite;

public sealed class ActionManifestReaderTests
{
    [Fact]
    public void A_composite_action_reads_inputs_outputs_and_steps_with_conditions_as_GitHub_runs_them()
    {
        var result = ActionManifestReader.Read("""
            name: A
            inputs:
              plain: {}
              needed: { required: true }
              given: { default: "${{ github.ref }}" }
            outputs:
              out: { value: "${{ steps.first.outputs.x }}" }
            runs:
              using: composite
              steps:
                - id: first
                  shell: bash
                  run: echo one
                - if: failure()
                  shell: bash
                  run: echo two
                - if: inputs.plain == 'x'
                  uses: ./other
                - uses: ./other
            """, "action.yml");

        var manifest = Assert.IsType<ActionManifest>(result.Manifest);
        Assert.Equal(["plain", "needed", "given"], manifest.Inputs.Select(i => i.Name));
        Assert.Equal([false, true, false], manifest.Inputs.Select(i => i.Required));
        Assert.Equal("out", Assert.Single(manifest.Outputs).Name);
        Assert.Equal(["first", "__run", "__other", "__other_2"], manifest.Steps.Select(s => s.Id));
        Assert.Equal(["success()", "failure()", "success() && (inputs.plain == 'x')", "success()"], manifest.Steps.Select(s => s.Condition));
    }

    [Fact]
    public void A_javascript_action_reads_its_scripts_and_pre_if_and_post_if_with_always_as_the_default()
    {
        var result = ActionManifestReader.Read("""
            name: J
            outputs:
              message: { description: set by the script }
            runs:
              using: node24
              pre: setup.js
              pre-if: runner.os == 'Linux'
              main: dist/index.js
              post: cleanup.js
            """, "action.yml");

        var manifest = Assert.IsType<ActionManifest>(result.Manifest);
        Assert.Equal(ActionKind.Node, manifest.Kind);
        Assert.Equal(new NodeRuns("node24", "dist/index.js", "setup.js", "success() && (runner.os == 'Linux')", "cleanup.js", "always()"), manifest.Node);
        Assert.Equal("message", Assert.Single(manifest.Outputs).Name);
    }

    [Fact]
    public void A_docker_action_is_read_as_one()
    {
        var result = ActionManifestReader.Read("name: D\nruns:\n  using: docker\n  image: Dockerfile\n", "action.yml");

        Assert.Equal(ActionKind.Docker, Assert.IsType<ActionManifest>(result.Manifest).Kind);
    }

    [Fact]
    public void Keys_GitHubs_runner_ignores_are_ignored_and_scripts_may_point_elsewhere_in_the_repository()
    {
        var result = ActionManifestReader.Read("""
            name: Init
            author: someone
            env:
              IGNORED: by the runner
            branding: { icon: no-such-icon, color: blue }
            inputs:
              token:
                type: string
                deprecation-message: use 'auth' instead
                deprecationMessage: use 'auth' instead
                required: "true"
            outputs:
              result: { description: set by the script }
            runs:
              using: node24
              main: ../lib/init-action.js
              post: ../lib/init-action-post.js
            """, "init/action.yml");

        var manifest = Assert.IsType<ActionManifest>(result.Manifest);
        Assert.Equal("../lib/init-action.js", manifest.Node!.Main);
        Assert.True(Assert.Single(manifest.Inputs).Required);
    }

    [Fact]
    public void A_composite_output_without_a_value_is_never_set_as_on_GitHub()
    {
        var result = ActionManifestReader.Read("name: A\noutputs:\n  o: { description: x }\n  p: { value: p }\nruns:\n  using: composite\n  steps: []\n", "action.yml");

        Assert.Equal(["p"], Assert.IsType<ActionManifest>(result.Manifest).Outputs.Select(o => o.Name));
    }

    [Theory]
    [InlineData("name: A\n", "action.yml:1:1: Top level 'runs:' section is required.")]
    [InlineData("name: A\nruns:\n  steps: []\n", "action.yml:3:3: Missing 'using' value.")]
    [InlineData("name: A\nruns:\n  using: node18\n  main: index.js\n", "action.yml:3:10: 'using: node18' is not supported")]
    [InlineData("name: A\nruns:\n  using: node20\n  pre: pre.js\n", "action.yml:3:3: You are using a JavaScript Action but there is not an entry JavaScript file provided.")]
    [InlineData("name: A\nruns:\n  plugin: checkout\n", "action.yml:3:3: 'runs.plugin' names one of GitHub's own runner plugins")]
    [InlineData("name: A\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n      uses: ./x\n", "action.yml:7:7: Unexpected value 'uses'")]
    [InlineData("name: A\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shel: bash\n", "action.yml:6:7: Unexpected value 'shel'")]
    [InlineData("name: A\ninputs:\n  x:\nruns:\n  using: composite\n  steps: []\n", "action.yml:3:5: Unexpected value ''")]
    [InlineData("name: A\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ secrets.X }}\n      shell: bash\n", "action.yml:5:12: Unrecognized named-value: 'secrets'")]
    public void Problems_are_reported_with_the_file_and_line(string yaml, string expected)
    {
        var result = ActionManifestReader.Read(yaml, "action.yml");

        Assert.Null(result.Manifest);
        Assert.Contains(result.Errors, e => e.ToString().Replace(" error:", "", StringComparison.Ordinal).StartsWith(expected, StringComparison.Ordinal));
    }
}
