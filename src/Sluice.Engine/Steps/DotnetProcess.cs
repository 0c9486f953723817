using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Sluice.Engine.Steps;

/// <summary>
/// A process started through <see cref="Process"/>, where <see cref="SessionSpawner"/> cannot be used: through
/// setsid(1) when it is installed, so that it still leads its own session, else as a plain child.
/// </summary>
internal sealed class DotnetProcess(Process process, bool inOwnSession) : IRunningProcess
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public int Id => process.Id;

    public bool InOwnSession => inOwnSession;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public StreamReader StandardOutput => process.StandardOutput;

    public StreamReader StandardError => process.StandardError;

    public static DotnetProcess Start(ProcessSpec spec)
    {
        if (!OperatingSystem.IsWindows() && ProgramSearch.Find(spec.FileName, spec.WorkingDirectory, spec.Environment) is null)
        {
            throw SessionSpawner.NotFound(spec);
        }

        var setsid = ProcessTreeStopper.SetsidPath;
        var process = new Process { StartInfo = StartInfoFor(spec, setsid) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new ShellException($"cannot start '{spec.FileName}': {ex.Message}.");
        }

        process.StandardInput.Close();
        return new DotnetProcess(process, setsid is not null);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public void KillTree()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose() => process.Dispose();

    private static ProcessStartInfo StartInfoFor(ProcessSpec spec, string? setsid)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = spec.WorkingDirectory,
        };
        if (setsid is not null)
        {
            info.FileName = setsid;
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add(spec.FileName);
        }
        else
        {
            info.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
