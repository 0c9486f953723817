using Sluice.Engine.Steps;

namespace Sluice.Engine.Execution;

/// <summary>The files a step talks back through: GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY, GITHUB_STATE; new and empty for each step.</summary>
internal sealed record StepFiles(string Output, string Env, string Path, string Summary, string State)
{
    private static int s_counter;

    /// <summary>Creates the five files in <paramref name="folder"/> (the job's scratch folder), named for the step; no folder per step.</summary>
    public static StepFiles Create(string folder, string stepId)
    {
        var prefix = System.IO.Path.Combine(System.IO.Path.GetFullPath(folder), $"{Interlocked.Increment(ref s_counter)}-{stepId}");
        var files = new StepFiles(prefix + ".output", prefix + ".env", prefix + ".path", prefix + ".summary.md", prefix + ".state");
        try
        {
            files.CreateAll();
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(folder);
            files.CreateAll();
        }

        return files;
    }

    private void CreateAll()
    {
        RawFiles.CreateEmpty(Output);
        RawFiles.CreateEmpty(Env);
        RawFiles.CreateEmpty(Path);
        RawFiles.CreateEmpty(Summary);
        RawFiles.CreateEmpty(State);
    }
}
