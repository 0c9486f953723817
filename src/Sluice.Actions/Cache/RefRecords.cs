using System.Globalization;
using System.Text;

namespace Sluice.Actions.Cache;

/// <summary>
/// What a host said a tag or branch resolves to, and when: one small file per ref, replaced whole by a rename,
/// so processes writing at once never leave a half-written answer.
/// </summary>
internal sealed class RefRecords(CacheLayout layout, string hostKey)
{
    public sealed record Record(string Ref, string Commit, DateTimeOffset ResolvedAt);

    public Record? Read(string owner, string repository, string reference)
    {
        try
        {
            var lines = File.ReadAllLines(PathOf(owner, repository, reference));
            if (lines.Length >= 2 && ReferenceRules.IsCommit(lines[0])
                && long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            {
                return new Record(reference, lines[0], DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string owner, string repository, string reference, string commit, DateTimeOffset resolvedAt)
    {
        var path = PathOf(owner, repository, reference);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Refs never start with '.', so a temporary file is never read as one.
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, $"{commit}\n{resolvedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Every ref of the repository recorded for this host.</summary>
    public IReadOnlyList<Record> All(string owner, string repository)
    {
        var folder = layout.RefsFolder(hostKey, owner, repository);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder)
            .Select(Path.GetFileName)
            .Where(name => name is not null && !name.StartsWith('.'))
            .Select(name => Read(owner, repository, Decode(name!)))
            .OfType<Record>()
            .ToList();
    }

    private string PathOf(string owner, string repository, string reference) =>
        Path.Combine(layout.RefsFolder(hostKey, owner, repository), Encode(reference));

    /// <summary>A ref as one file name: everything but letters, digits, '.', '_' and '-' as %XX (refs are ASCII).</summary>
    private static string Encode(string reference)
    {
        var name = new StringBuilder();
        foreach (var c in reference)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                name.Append(c);
            }
            else
            {
                name.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return name.ToString();
    }

    private static string Decode(string name) => Uri.UnescapeDataString(name);
}
