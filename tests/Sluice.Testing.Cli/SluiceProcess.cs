using System.Diagnostics;
using System.Text;

namespace Sluice.Testing.Cli;

/// <summary>What one run of the real <c>sluice</c> executable produced.</summary>
public sealed record SluiceResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the built <c>sluice.dll</c> (copied next to the tests by the project reference) as a separate process, as a user would.</summary>
public static class SluiceProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly string SluiceDll = Path.Combine(AppContext.BaseDirectory, "sluice.dll");

    /// <summary>
    /// Where sluice fetches actions from unless a test says otherwise: nothing answers there, so no test reaches
    /// github.com, and a missing action fails as on a machine without network.
    /// </summary>
    public const string UnreachableActionsHost = "http://127.0.0.1:1";

    /// <summary>The action store's cache of this test process unless a test gives its own: never the user's.</summary>
    private static readonly string ActionStoreCache = Path.Combine(Path.GetTempPath(), "sluice-tests", "action-store-" + Guid.NewGuid().ToString("N"));

    public static Task<SluiceResult> RunWithInputAsync(string workingDirectory, string? stdin, params string[] args) =>
        RunCoreAsync(workingDirectory, stdin, environment: null, DefaultTimeout, args);

    /// <summary>Runs sluice with some variables of its environment set (a null value removes the variable).</summary>
    public static Task<SluiceResult> RunWithEnvironmentAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunCoreAsync(workingDirectory, null, environment, DefaultTimeout, args);

    /// <summary>Runs sluice with its input, environment and time limit given (for commands that wait, such as <c>sluice trigger --wait</c>).</summary>
    public static Task<SluiceResult> RunAsync(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment, string? stdin, params string[] args) =>
        RunCoreAsync(workingDirectory, stdin, environment, timeout, args);

    private static async Task<SluiceResult> RunCoreAsync(string workingDirectory, string? stdin, IReadOnlyDictionary<string, string?>? environment, TimeSpan limit, string[] args)
    {
        var startInfo = StartInfo(workingDirectory, environment, args);
        startInfo.RedirectStandardInput = true;
        using var timeout = new CancellationTokenSource(limit);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), timeout.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            return new SluiceResult(process.ExitCode, (await stdout).Replace("\r\n", "\n"), (await stderr).Replace("\r\n", "\n"));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sluice {string.Join(' ', args)} did not finish within {limit.TotalSeconds} s");
        }
    }

    /// <summary>
    /// How to start the built sluice with these arguments, output redirected as UTF-8, in an environment that never
    /// reaches github.com and never uses the user's action cache (a null value removes a variable).
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        if (!File.Exists(SluiceDll))
        {
            throw new FileNotFoundException($"sluice.dll not found at {SluiceDll}; the test project must reference src/Sluice.Cli", SluiceDll);
        }

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        startInfo.Environment["SLUICE_ACTIONS_URL"] = UnreachableActionsHost;
        startInfo.Environment["SLUICE_ACTIONS_CACHE_DIR"] = ActionStoreCache;
        startInfo.Environment.Remove("SLUICE_ACTIONS_TOKEN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        startInfo.ArgumentList.Add(SluiceDll);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return startInfo;
    }

    public static Task<SluiceResult> RunAsync(string workingDirectory, params string[] args) => RunWithInputAsync(workingDirectory, null, args);

    /// <summary>The dotnet host, in full when it can be found, so that a test may give sluice a PATH without it.</summary>
    /// <summary>How a shell (a workflow's <c>run:</c> step) starts this build of sluice: the dotnet host and sluice.dll, quoted.</summary>
    public static string ShellCommand => $"'{DotnetHost()}' '{SluiceDll}'";

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists) ?? "dotnet";
}
