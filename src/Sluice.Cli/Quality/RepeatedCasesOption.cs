using System.CommandLine;

namespace Sluice.Cli.Quality;

/// <summary><c>--repeated-cases distinct|retries</c>: what a JUnit case repeating an earlier one's class and name in its suite is.</summary>
internal static class RepeatedCasesOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--repeated-cases")
        {
            Description = "A JUnit test case repeating the class and name of an earlier one in its suite: a distinct case (default), or a retry of it (Gradle's test-retry plugin, gotestsum --rerun-fails).",
            HelpName = "distinct|retries",
        };
        option.AcceptOnlyFromAmong("distinct", "retries");
        return option;
    }
}
