using Sluice.Engine.Execution.Actions.Policy;

namespace Sluice.Engine.Tests.Policy;

/// <summary>The repository's .sluice/actions.yml and the command line's options.</summary>
public sealed class ActionSettingsReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-settings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ActionSettings Load(string? yaml, ActionSettingsOptions? options = null)
    {
        if (yaml is not null)
        {
            Directory.CreateDirectory(Path.Combine(_root, ".sluice"));
            File.WriteAllText(Path.Combine(_root, ".sluice", "actions.yml"), yaml);
        }

        return ActionSettingsReader.Load(_root, options ?? new ActionSettingsOptions());
    }

    [Fact]
    public void The_file_and_the_options_are_joined_and_each_rule_says_where_it_was_set()
    {
        var settings = Load(
            "real-actions: [actions/checkout]\nallow:\n  - actions/*\n  - '!actions/cache@v3'\ndeny: [evil/*]\nrequire-sha-pinning: false\n",
            new ActionSettingsOptions { Allow = ["acme/*"], Deny = ["acme/old"], RealActions = ["actions/setup-node"], RequireShaPinning = true });

        Assert.Equal(["actions/* (.sluice/actions.yml:3)", "acme/* (--allow-action)"], settings.Policy.Allow.Select(r => $"{r.Pattern} ({r.Source})"));
        Assert.Equal(["actions/cache@v3 (.sluice/actions.yml:4)", "evil/* (.sluice/actions.yml:5)", "acme/old (--deny-action)"], settings.Policy.Deny.Select(r => $"{r.Pattern} ({r.Source})"));
        Assert.Equal("--require-sha-pinning", settings.Policy.ShaPinningSource);
        Assert.Equal(["actions/checkout", "actions/setup-node"], settings.RealActions.Select(r => r.Pattern.Text));
    }

    [Fact]
    public void Real_actions_take_the_place_of_the_built_in_ones_they_name()
    {
        var settings = Load("real-actions: [actions/checkout]\n");

        Assert.Null(settings.Builtin("actions/checkout@v4"));
        Assert.NotNull(settings.Builtin("actions/upload-artifact@v4"));
        Assert.NotNull(ActionSettings.Default.Builtin("actions/checkout@v4"));
    }

    [Fact]
    public void Without_a_file_the_options_alone_count_and_pinning_in_the_file_names_its_line()
    {
        Assert.True(Load(null).Policy.IsEmpty);
        Assert.Equal("require-sha-pinning, .sluice/actions.yml:2", Load("allow: []\nrequire-sha-pinning: true\n").Policy.ShaPinningSource);
    }

    [Theory]
    [InlineData("alow: [actions/*]\n", ".sluice/actions.yml:1:1: 'alow' is not an action setting; the settings are real-actions, allow, deny, require-sha-pinning")]
    [InlineData("allow: actions/*\n", ".sluice/actions.yml:1:8: 'allow' must be a list")]
    [InlineData("deny: [{ a: b }]\n", ".sluice/actions.yml:1:8: each entry of 'deny' must be an action pattern")]
    [InlineData("deny: ['acme tools']\n", ".sluice/actions.yml:1: 'acme tools' is not an action pattern")]
    [InlineData("require-sha-pinning: maybe\n", ".sluice/actions.yml:1:22: 'require-sha-pinning' must be true or false")]
    [InlineData("- a\n- b\n", ".sluice/actions.yml:1:1: the action settings must be a mapping")]
    [InlineData("allow: [unclosed\n", ".sluice/actions.yml:2:1: the file is not valid YAML")]
    public void A_broken_settings_file_is_an_error_naming_the_file_line_and_what_to_write(string yaml, string expected)
    {
        var error = Assert.Throws<ActionSettingsException>(() => Load(yaml));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
