using Sluice.Engine.Steps;
namespace Sluice.Engine.Tests.Steps;

public sealed class ShellsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void The_default_shell_is_bash_without_profiles_with_errexit_and_pipefail()
    {
        var invocation = Shells.Prepare(null, "echo hi", _scratch.Path);

        Assert.Equal("bash", Path.GetFileName(invocation.FileName));
        Assert.True(Path.IsPathRooted(invocation.FileName));
        Assert.Equal(["--noprofile", "--norc", "-eo", "pipefail", invocation.ScriptPath], invocation.Arguments);
        Assert.Equal(".sh", Path.GetExtension(invocation.ScriptPath));
        Assert.Equal(_scratch.Path, Path.GetDirectoryName(invocation.ScriptPath));
        Assert.Equal("echo hi", File.ReadAllText(invocation.ScriptPath));
    }

    [Fact]
    public void An_explicit_bash_uses_the_same_template_as_the_default()
    {
        var explicitBash = Shells.Prepare("bash", "true", _scratch.Path);
        var byDefault = Shells.Prepare("", "true", _scratch.Path);

        Assert.Equal(byDefault.FileName, explicitBash.FileName);
        Assert.Equal(byDefault.Arguments.SkipLast(1), explicitBash.Arguments.SkipLast(1));
        Assert.NotEqual(byDefault.ScriptPath, explicitBash.ScriptPath);
    }

    [Fact]
    public void Sh_runs_with_errexit()
    {
        var invocation = Shells.Prepare("sh", "true", _scratch.Path);

        Assert.Equal("sh", Path.GetFileName(invocation.FileName));
        Assert.Equal(["-e", invocation.ScriptPath], invocation.Arguments);
    }

    [Fact]
    public void Python_scripts_get_a_py_file_and_a_python_interpreter()
    {
        var invocation = Shells.Prepare("python", "print(1)", _scratch.Path);

        Assert.StartsWith("python", Path.GetFileName(invocation.FileName), StringComparison.Ordinal);
        Assert.Equal([invocation.ScriptPath], invocation.Arguments);
        Assert.Equal(".py", Path.GetExtension(invocation.ScriptPath));
    }

    [Fact]
    public void Pwsh_is_refused_with_a_clear_message_when_it_is_not_installed()
    {
        if (Shells.IsAvailable("pwsh"))
        {
            var invocation = Shells.Prepare("pwsh", "Write-Output 1", _scratch.Path);
            Assert.Equal(["-command", $". '{invocation.ScriptPath}'"], invocation.Arguments);
            Assert.Equal(".ps1", Path.GetExtension(invocation.ScriptPath));
            return;
        }

        var error = Assert.Throws<ShellException>(() => Shells.Prepare("pwsh", "Write-Output 1", _scratch.Path));
        Assert.Contains("'pwsh' is not installed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_template_puts_the_script_path_where_the_placeholder_is()
    {
        var invocation = Shells.Prepare("bash -x --posix {0}", "true", _scratch.Path);

        Assert.Equal("bash", Path.GetFileName(invocation.FileName));
        Assert.Equal(["-x", "--posix", invocation.ScriptPath], invocation.Arguments);
    }

    [Fact]
    public void A_custom_shell_without_a_placeholder_is_refused()
    {
        var error = Assert.Throws<ShellException>(() => Shells.Prepare("perl -w", "1", _scratch.Path));

        Assert.Contains("{0}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_program_that_is_missing_is_refused()
    {
        var error = Assert.Throws<ShellException>(() => Shells.Prepare("no-such-interpreter-xyz {0}", "1", _scratch.Path));

        Assert.Contains("no-such-interpreter-xyz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Availability_is_looked_up_on_the_path()
    {
        Assert.True(Shells.IsAvailable("sh"));
        Assert.False(Shells.IsAvailable("no-such-program-xyz"));
    }
}
