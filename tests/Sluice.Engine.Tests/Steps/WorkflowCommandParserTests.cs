using Sluice.Engine.Steps;

namespace Sluice.Engine.Tests.Steps;

public sealed class WorkflowCommandParserTests
{
    private readonly WorkflowCommandParser _parser = new();

    [Theory]
    [InlineData("plain output")]
    [InlineData("")]
    [InlineData(":: not a command")]
    [InlineData("::warning no closing marker")]
    [InlineData("  ::warning::indented lines are ordinary")]
    [InlineData("::unknown-command::x")]
    [InlineData("::set-output::missing name")]
    [InlineData("::echo::maybe")]
    public void Ordinary_and_unrecognised_lines_are_not_commands(string line) => Assert.Null(_parser.Parse(line));

    [Fact]
    public void Groups_open_with_a_title_and_close()
    {
        Assert.Equal(new GroupCommand("Build: step 1"), _parser.Parse("::group::Build: step 1"));
        Assert.Equal(new EndGroupCommand(), _parser.Parse("::endgroup::"));
    }

    [Fact]
    public void Add_mask_carries_the_unescaped_value() =>
        Assert.Equal(new MaskCommand("p%ss\nword"), _parser.Parse("::add-mask::p%25ss%0Aword"));

    [Fact]
    public void An_error_carries_every_location_property()
    {
        var command = _parser.Parse("::error file=src/app.cs,line=10,endLine=12,col=5,endColumn=9,title=Bad thing::it broke");

        Assert.Equal(new AnnotationCommand(AnnotationLevel.Error, "it broke", "src/app.cs", 10, 12, 5, 9, "Bad thing"), command);
    }

    [Theory]
    [InlineData("warning", AnnotationLevel.Warning)]
    [InlineData("notice", AnnotationLevel.Notice)]
    [InlineData("debug", AnnotationLevel.Debug)]
    [InlineData("error", AnnotationLevel.Error)]
    public void Each_annotation_level_is_recognised(string name, AnnotationLevel level) =>
        Assert.Equal(new AnnotationCommand(level, "message"), _parser.Parse($"::{name}::message"));

    [Fact]
    public void Message_data_unescapes_percent_cr_and_lf_but_not_colon_or_comma() =>
        Assert.Equal(
            new AnnotationCommand(AnnotationLevel.Warning, "100% sure\r\nnext: a%3Ab%2Cc"),
            _parser.Parse("::warning::100%25 sure%0D%0Anext: a%3Ab%2Cc"));

    [Fact]
    public void Property_values_also_unescape_colon_and_comma()
    {
        var command = Assert.IsType<AnnotationCommand>(_parser.Parse("::notice title=a%3A b%2C c%25 d%0Ae,file=x%2Cy.cs::m"));

        Assert.Equal("a: b, c% d\ne", command.Title);
        Assert.Equal("x,y.cs", command.File);
    }

    [Fact]
    public void Escapes_are_decoded_in_one_pass() =>
        Assert.Equal(new MaskCommand("%0A"), _parser.Parse("::add-mask::%250A"));

    [Fact]
    public void Unparseable_numbers_leave_the_location_empty()
    {
        var command = Assert.IsType<AnnotationCommand>(_parser.Parse("::error line=ten,col=3::m"));

        Assert.Null(command.Line);
        Assert.Equal(3, command.Column);
    }

    [Fact]
    public void Deprecated_set_output_and_save_state_are_honoured()
    {
        Assert.Equal(new SetOutputCommand("result", "a::b\nc"), _parser.Parse("::set-output name=result::a::b%0Ac"));
        Assert.Equal(new SaveStateCommand("pid", "42"), _parser.Parse("::save-state name=pid::42"));
    }

    [Fact]
    public void Echo_turns_on_and_off()
    {
        Assert.Equal(new EchoCommand(true), _parser.Parse("::echo::on"));
        Assert.Equal(new EchoCommand(false), _parser.Parse("::echo::off"));
    }

    [Fact]
    public void A_trailing_carriage_return_is_not_part_of_the_message() =>
        Assert.Equal(new AnnotationCommand(AnnotationLevel.Notice, "windows"), _parser.Parse("::notice::windows\r"));

    [Fact]
    public void Stop_commands_ignores_every_command_until_the_token_line()
    {
        Assert.Equal(new StopCommandsCommand("tok-123"), _parser.Parse("::stop-commands::tok-123"));
        Assert.Null(_parser.Parse("::warning::not a warning while stopped"));
        Assert.Null(_parser.Parse("::add-mask::nor a mask"));
        Assert.Null(_parser.Parse("::other-token::"));
        Assert.Null(_parser.Parse("::tok-123:: with trailing text"));

        Assert.Equal(new ResumeCommandsCommand(), _parser.Parse("::tok-123::"));
        Assert.Equal(new AnnotationCommand(AnnotationLevel.Warning, "again"), _parser.Parse("::warning::again"));
    }

    [Fact]
    public void Stop_commands_without_a_token_does_not_stop()
    {
        Assert.Null(_parser.Parse("::stop-commands::"));
        Assert.NotNull(_parser.Parse("::warning::still processed"));
    }
}

public sealed class DeprecatedCommandParserTests
{
    private readonly WorkflowCommandParser _parser = new();

    [Fact]
    public void Set_env_carries_the_name_property_and_the_unescaped_value() =>
        Assert.Equal(new SetEnvCommand("GREETING", "hello\nworld"), _parser.Parse("::set-env name=GREETING::hello%0Aworld"));

    [Fact]
    public void Set_env_without_a_name_is_still_a_command_so_that_it_can_be_refused() =>
        Assert.Equal(new SetEnvCommand(null, "value"), _parser.Parse("::set-env::value"));

    [Fact]
    public void Add_path_carries_the_unescaped_path() =>
        Assert.Equal(new AddPathCommand("/opt/tool 100%/bin"), _parser.Parse("::add-path::/opt/tool 100%25/bin"));
}
