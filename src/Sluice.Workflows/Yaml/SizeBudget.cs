using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Yaml;

/// <summary>
/// The result size used so far, shared by a workflow and the workflows it calls, as GitHub counts them together:
/// every token read, and the name of every file once.
/// </summary>
internal sealed class SizeBudget
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    public long Used { get; set; }

    public void AddFile(string name)
    {
        if (_files.Add(name))
        {
            Used += TemplateToken.StringBaseOverhead + (2L * name.Length);
        }
    }
}
