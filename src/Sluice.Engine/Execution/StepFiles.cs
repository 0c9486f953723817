namespace Sluice.Engine.Execution;

/// <summary>The files a step talks back through: GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY, GITHUB_STATE; new and empty for each step.</summary>
internal sealed record StepFiles(string Output, string Env, string Path, string Summary, string State)
{
    private static int s_counter;

    public static StepFiles Create(string temp, string stepId)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(temp, "_steps", $"{Interlocked.Increment(ref s_counter)}-{stepId}")).FullName;
        var files = new StepFiles(
            System.IO.Path.Combine(folder, "output"),
            System.IO.Path.Combine(folder, "env"),
            System.IO.Path.Combine(folder, "path"),
            System.IO.Path.Combine(folder, "summary.md"),
            System.IO.Path.Combine(folder, "state"));
        foreach (var file in new[] { files.Output, files.Env, files.Path, files.Summary, files.State })
        {
            File.WriteAllText(file, "");
        }

        return files;
    }
}
