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
              plain:
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

    [Theory]
    [InlineData("name: A\n", "action.yml:1:1: 'runs:' is missing")]
    [InlineData("name: A\nruns:\n  steps: []\n", "action.yml:3:3: 'runs.using' is missing")]
    [InlineData("name: A\nruns:\n  using: docker\n  image: Dockerfile\n", "action.yml:3:10: 'using: docker' is a Docker container action")]
    [InlineData("name: A\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n      uses: ./x\n", "action.yml:5:7: a step needs exactly one of 'run:' and 'uses:'")]
    [InlineData("name: A\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shel: bash\n", "action.yml:6:7: 'shel' is not a key of a composite action step")]
    [InlineData("name: A\noutputs:\n  o: { description: x }\nruns:\n  using: composite\n  steps: []\n", "action.yml:3:6: output 'o' needs 'value:'")]
    [InlineData("name: A\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ secrets.X }}\n      shell: bash\n", "action.yml:5:12: Unrecognized named-value: 'secrets'")]
    public void Problems_are_reported_with_the_file_and_line(string yaml, string expected)
    {
        var result = ActionManifestReader.Read(yaml, "action.yml");

        Assert.Null(result.Manifest);
        Assert.Contains(result.Errors, e => e.ToString().Replace(" error:", "", StringComparison.Ordinal).StartsWith(expected, StringComparison.Ordinal));
    }
}
